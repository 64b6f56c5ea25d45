import { App } from 'aws-cdk-lib';
import { BundleDirectory } from '../src/bundle-directory.js';
import { addServerlessStacks } from '../src/serverless-app.js';

const app = new App();
addServerlessStacks(app, new BundleDirectory().assertComplete());
app.synth();
