import type { ClaimReview, WithContext } from 'schema-dts';
import type { Language } from '@refute/shared';
import type { PublicationPageData } from './publicationData';
import { text, VERDICT_LABELS, VERDICT_RATINGS } from './texts';

export interface ClaimReviewInput {
  data: PublicationPageData;
  /** This page's URL. */
  url: string;
  baseUrl: string;
  /** The reader's language: the rating's name is given in it. */
  lang: Language;
}

/** schema.org ClaimReview, so search engines and fact-check aggregators can read the verdict. */
export function claimReviewJsonLd({ data, url, baseUrl, lang }: ClaimReviewInput): WithContext<ClaimReview> {
  const { publication, versions, reviewer, appearances, firstReportedAt } = data;
  const firstPublished = versions[0]?.publishedAt ?? publication.publishedAt;
  const first = appearances[0];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url,
    inLanguage: publication.language,
    datePublished: firstPublished.toISOString(),
    dateModified: publication.publishedAt.toISOString(),
    headline: publication.headline,
    // What the rumor asserts in the reviewers' words, when they wrote it: a report's text
    // carries reposting and framing around the claim.
    claimReviewed: publication.claimStatement ?? publication.claimText,
    itemReviewed: {
      '@type': 'Claim',
      // The claim was made no later than it was first reported (by any platform).
      datePublished: (firstReportedAt ?? firstPublished).toISOString(),
      ...(first ? { firstAppearance: { '@type': 'CreativeWork', url: first.url } } : {}),
      ...(appearances.length > 0 ? { appearance: appearances.map((item) => ({ '@type': 'CreativeWork' as const, url: item.url })) } : {}),
    },
    author: {
      '@type': 'Organization',
      name: reviewer ? reviewer[publication.language] : text(publication.language, 'siteName'),
      url: `${baseUrl}/`,
    },
    reviewRating: {
      '@type': 'Rating',
      ratingValue: VERDICT_RATINGS[publication.verdict],
      bestRating: 5,
      worstRating: 1,
      alternateName: VERDICT_LABELS[publication.verdict][lang],
    },
  };
}

/** The JSON-LD as a script element; "<" is escaped so the JSON cannot close the element. */
export function jsonLdScript(value: object): string {
  return `<script type="application/ld+json">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}
