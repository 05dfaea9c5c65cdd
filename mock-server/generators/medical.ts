/**
 * medical: hospitals, community health centres and clinics for the "supply per 10,000
 * residents" analysis. docs/DATA.md gives no counts; these are plausible for 5 million people.
 */
import type { Feature, MedicalProps } from '@ioc/contract/contract';
import { apportion, int, pick, rngFor, shuffled } from '@ioc/domain/prng';
import type { Region } from '@ioc/domain/regions';
import { communitySampler, featureId, type GenContext, pointFeature, positionIn, scaled } from './common';
import { CLINIC_KINDS, HOSPITAL_NAMES, PRIVATE_HOSPITAL_WORDS, SURNAMES, shortName } from './names';

export const MEDICAL_FIGURES = { hospitals: 20, communityHealth: 130, clinics: 350 } as const;
/** Grade mix of the 20 hospitals (repeated at larger scales), best first. */
const HOSPITAL_GRADES = [
  '三甲',
  '三甲',
  '三甲',
  '三甲',
  '三级',
  '三级',
  '二甲',
  '二甲',
  '二甲',
  '二甲',
  '二甲',
  '二甲',
  '二甲',
  '二级',
  '二级',
  '二级',
  '一级',
  '一级',
  '一级',
  '一级',
] as const;
const BEDS_BY_GRADE: Record<string, [number, number]> = {
  三甲: [800, 1500],
  三级: [500, 900],
  二甲: [300, 700],
  二级: [150, 400],
  一级: [100, 200],
};

export function generateMedical(ctx: GenContext): Feature<MedicalProps>[] {
  const rng = rngFor(ctx.seed, 'layer', 'medical');
  const features: Feature<MedicalProps>[] = [];
  const push = (community: Region, sigma: number, props: Omit<MedicalProps, 'id' | 'regionId'>) => {
    const { pos, street } = positionIn(rng, community, ctx, sigma);
    const { name, ...rest } = props;
    features.push(
      pointFeature(pos, { id: featureId('MD', features.length + 1, 5), name, regionId: street.id, ...rest }),
    );
  };

  // Hospitals: streets get slots by population, then each slot a community in that street.
  const streets = ctx.regions.streets;
  const hospitalCount = scaled(MEDICAL_FIGURES.hospitals, ctx.scale);
  const slots = shuffled(
    rng,
    apportion(
      hospitalCount,
      streets.map((s) => s.population),
    ).flatMap((k, i) => Array<Region>(k).fill(streets[i] as Region)),
  );
  slots.forEach((street, i) => {
    const grade = HOSPITAL_GRADES[i % HOSPITAL_GRADES.length] as string;
    const [lo, hi] = BEDS_BY_GRADE[grade] as [number, number];
    const beds = int(rng, lo, hi);
    const round = Math.floor(i / HOSPITAL_NAMES.length);
    const publicName = HOSPITAL_NAMES[i % HOSPITAL_NAMES.length] as string;
    const name =
      i < HOSPITAL_NAMES.length || grade.startsWith('三')
        ? `${publicName}${round > 0 ? `（${shortName(street)}院区${round}）` : ''}`
        : `${shortName(street)}${pick(rng, PRIVATE_HOSPITAL_WORDS)}医院`;
    push(communitySampler(ctx, street.id)(rng), 0.5, {
      name,
      kind: 'hospital',
      grade,
      beds,
      doctors: Math.round(beds * (0.5 + 0.2 * rng())),
    });
  });

  // Community health centres: about one per community, more where more people live.
  const communities = ctx.regions.communities;
  const perCommunity = apportion(
    scaled(MEDICAL_FIGURES.communityHealth, ctx.scale),
    communities.map((c) => c.population),
  );
  communities.forEach((c, i) => {
    for (let k = 0; k < (perCommunity[i] as number); k++) {
      push(c, 0.6, {
        name: `${c.name}健康服务中心${k > 0 ? `（第${k + 1}站）` : ''}`,
        kind: 'community-health',
        beds: rng() < 0.7 ? 0 : int(rng, 5, 20),
        doctors: int(rng, 6, 30),
      });
    }
  });

  // Clinics follow population.
  const sample = communitySampler(ctx);
  for (let i = 0; i < scaled(MEDICAL_FIGURES.clinics, ctx.scale); i++) {
    const community = sample(rng);
    const kind = pick(rng, CLINIC_KINDS);
    push(community, 1, {
      name: `${shortName(ctx.regions.streetOf(community.id) ?? community)}${pick(rng, SURNAMES)}氏${kind}`,
      kind: 'clinic',
      beds: 0,
      doctors: kind.includes('门诊部') ? int(rng, 3, 12) : int(rng, 1, 5),
    });
  }
  return features;
}
