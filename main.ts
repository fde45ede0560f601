import { App } from 'cdktf';
import { dev } from './environments/dev';
import { prod } from './environments/prod';
import { staging } from './environments/staging';
import { composeApp } from './stacks/compose';
import { deploymentSettingsFromEnv } from './stacks/deployment';

// Composition only: every environment, every stack. `cdktf synth` and `npm run synth` both run this file.
try {
  const app = new App();
  composeApp(app, [dev, staging, prod], deploymentSettingsFromEnv(process.env));
  app.synth();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
