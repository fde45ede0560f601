import { IMAGES, type PinnedImage, imageReference } from '../../../constructs/kubernetes/images';

const images = Object.entries(IMAGES) as [keyof typeof IMAGES, PinnedImage][];

describe('IMAGES', () => {
  it('pins every image by an exact tag, and by a multi-arch index digest where one is known', () => {
    for (const [, image] of images) {
      expect(image.tag).toMatch(/^[A-Za-z0-9][\w.-]*$/);
      expect(image.tag).not.toBe('latest');
      if (image.digest !== undefined) expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('lists the images still without a digest, each saying how to read it (fill it in before the first apply)', () => {
    const withoutDigest = images.filter(([, image]) => image.digest === undefined);
    expect(withoutDigest.map(([name]) => name)).toEqual(['cloudwatchAgent']);
    for (const [, image] of withoutDigest) expect(image.source).toContain(`crane digest ${image.repository}:${image.tag}`);
  });

  it('references an image by digest when it has one, by tag otherwise', () => {
    expect(imageReference(IMAGES.vault)).toBe(`hashicorp/vault:2.0.4@${IMAGES.vault.digest}`);
    expect(imageReference(IMAGES.cloudwatchAgent)).toBe('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300063.0b1323');
  });
});
