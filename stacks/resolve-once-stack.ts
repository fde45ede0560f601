import { TerraformStack } from 'cdktf';

/**
 * A `TerraformStack` that resolves its configuration fewer times per synth, with the same output.
 *
 * Resolving tokens is most of what synth costs (about 60% of a CPU profile, more with many services). Stock cdktf
 * resolves every element of a stack up to six times per `cdktf synth` of this app:
 * 1. `prepareStack()` in `composeBootstraps` (the bootstrap reads the stack graph, which needs prepared stacks);
 * 2. `prepareStack()` again in `App.synth`;
 * 3-4. `toTerraform()` in the policy pack's validation (each fragment, then the merged configuration);
 * 5-6. `toTerraform()` again in the synthesizer, which writes the file.
 *
 * Two guards remove steps 2, 5 and 6:
 * - {@link prepareStack} skips a preparation when the stack holds exactly the constructs it held after its last
 *   one. A preparing resolve only discovers cross-stack references (cdktf adds the producer's output, this stack's
 *   `terraform_remote_state` and the dependency); the references a stack makes are fixed once its constructs are,
 *   because this project never mutates a construct after composition. A new construct triggers a full preparation.
 * - {@link toTerraform} hands the synthesizer the configuration the validations computed moments before. cdktf's
 *   synthesizer runs the validations (the policy pack calls `toTerraform()`), then custom synthesis hooks and the
 *   annotation collection (this project has neither hook nor anything that changes the tree there), then
 *   `toTerraform()` to write the file. The configuration is reused once, and only if the construct count is unchanged;
 *   any other call resolves as cdktf does.
 *
 * The snapshot tests of every stack pin that the output is byte-for-byte what stock cdktf writes; a test checks each
 * guard against stock `TerraformStack` behaviour (`__tests__/stacks/resolve-once-stack.test.ts`).
 */
export abstract class ResolveOnceStack extends TerraformStack {
  private preparedConstructCount = -1;
  private validating = false;
  private validated?: { readonly constructCount: number; readonly terraform: unknown };

  override prepareStack(): void {
    if (this.constructCount() === this.preparedConstructCount) return;
    super.prepareStack();
    this.preparedConstructCount = this.constructCount();
  }

  override runAllValidations(): void {
    this.validated = undefined;
    this.validating = true;
    try {
      super.runAllValidations();
    } finally {
      this.validating = false;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's own signature
  override toTerraform(): any {
    const validated = this.validated;
    this.validated = undefined;
    if (!this.validating && validated && validated.constructCount === this.constructCount()) return validated.terraform;
    const terraform: unknown = super.toTerraform();
    if (this.validating) this.validated = { constructCount: this.constructCount(), terraform };
    return terraform;
  }

  private constructCount(): number {
    return this.node.findAll().length;
  }
}
