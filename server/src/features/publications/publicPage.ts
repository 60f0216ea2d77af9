import type { PublicationView, Verdict } from '@refute/shared';

const VERDICT_LABELS: Record<Verdict, { zh: string; en: string; rating: number }> = {
  false: { zh: '谣言', en: 'False', rating: 1 },
  pseudoscience: { zh: '伪科学', en: 'Pseudoscience', rating: 1 },
  misleading: { zh: '误导', en: 'Misleading', rating: 2 },
  unproven: { zh: '尚无定论', en: 'Unproven', rating: 3 },
  partly_true: { zh: '部分属实', en: 'Partly true', rating: 4 },
  true: { zh: '属实', en: 'True', rating: 5 },
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** schema.org ClaimReview, so search engines and fact-check aggregators can read the verdict. */
export function claimReviewJsonLd(publication: PublicationView): Record<string, unknown> {
  const label = VERDICT_LABELS[publication.verdict];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: publication.url,
    datePublished: publication.publishedAt,
    claimReviewed: publication.claimText,
    inLanguage: publication.language,
    author: { '@type': 'Organization', name: 'Refute' },
    reviewRating: {
      '@type': 'Rating',
      ratingValue: label.rating,
      worstRating: 1,
      bestRating: 5,
      alternateName: publication.language === 'zh' ? label.zh : label.en,
    },
  };
}

/** The public page of a publication; the rebuttal HTML was sanitized before it was stored. */
export function renderPublicationPage(publication: PublicationView): string {
  const label = VERDICT_LABELS[publication.verdict];
  // "<" is escaped so the JSON cannot close the script element.
  const jsonLd = JSON.stringify(claimReviewJsonLd(publication)).replace(/</g, '\\u003c');
  const evidence = publication.evidence
    .map((item) => `<li><a href="${escapeHtml(item.url)}" rel="noopener nofollow">${escapeHtml(item.title)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="${publication.language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(publication.headline)} · Refute</title>
<script type="application/ld+json">${jsonLd}</script>
</head>
<body>
<main>
<p><strong>${escapeHtml(publication.language === 'zh' ? label.zh : label.en)}</strong></p>
<h1>${escapeHtml(publication.headline)}</h1>
<blockquote>${escapeHtml(publication.claimText)}</blockquote>
<p>${escapeHtml(publication.summary)}</p>
<article>${publication.rebuttalHtml}</article>
${evidence ? `<ul>${evidence}</ul>` : ''}
<p><small>v${publication.version} · ${escapeHtml(publication.publishedAt)}</small></p>
</main>
</body>
</html>`;
}
