// `npm run vpn:crl -- --env dev --previous current.pem --revoke <serial>`: a Client VPN CRL. See docs/vpn-clients.md.
import { runVpnCrl } from './vpn-client/crl';
import { VpnClientError } from './vpn-client/errors';

runVpnCrl(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).catch((error: unknown) => {
  console.error(error instanceof VpnClientError ? error.message : `unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
