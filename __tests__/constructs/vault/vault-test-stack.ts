import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { TerraformStack, Testing } from 'cdktf';

/** An empty stack with a Vault provider, for construct tests. */
export function vaultTestStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new VaultProvider(stack, 'vault', { address: 'https://vault.test.internal:8200' });
  return stack;
}
