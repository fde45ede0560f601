import { AVAILABILITY_ZONE_LETTERS, AWS_REGIONS, availabilityZonesOf } from '../../environments/aws-regions';
import { AZ_LETTERS } from '../../constructs/network/subnet-layout';
import { SAMPLE_INPUTS } from '../helpers';

describe('AWS availability zones', () => {
  it('lists at least three AZ letters for every region, each with a subnet slot (a-f), in order and once', () => {
    for (const region of AWS_REGIONS) {
      const letters = AVAILABILITY_ZONE_LETTERS[region];
      expect(letters.length).toBeGreaterThanOrEqual(3);
      expect([...letters].every((letter) => AZ_LETTERS.includes(letter))).toBe(true);
      expect([...letters].sort().join('')).toBe(letters);
      expect(new Set(letters).size).toBe(letters.length);
    }
  });

  it('knows the regions whose letters are not a, b, c', () => {
    expect(availabilityZonesOf('ca-central-1')).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
    expect(availabilityZonesOf('us-east-1')).toHaveLength(6);
    expect(availabilityZonesOf('eu-west-1')).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('accepts the AZs of the sample environments', () => {
    for (const input of Object.values(SAMPLE_INPUTS)) {
      for (const az of input.network.availabilityZones) expect(availabilityZonesOf(input.aws.region)).toContain(az);
    }
  });
});
