// `npm run vpn:client -- --env dev --name alice`: issue an AWS Client VPN profile. See docs/vpn-clients.md.
import { VpnClientError } from './vpn-client/errors';
import { runVpnClient } from './vpn-client/run';

runVpnClient(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).catch((error: unknown) => {
  console.error(error instanceof VpnClientError ? error.message : `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
