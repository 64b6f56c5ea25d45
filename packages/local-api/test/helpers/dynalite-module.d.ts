// `@app/adapters-dynamodb/testing` imports dynalite, whose types live in that package's own
// ambient declaration, which this package's type check does not see. This shorthand merges with
// it when both are present.
declare module 'dynalite';
