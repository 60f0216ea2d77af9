/** What every Atom document of the site is written with: one XML builder and its text constructs. */
import { XMLBuilder } from 'fast-xml-parser';

export const atomBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#', suppressEmptyNode: true });

/** Characters XML 1.0 cannot hold, even escaped: a text that has them would break the document. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const text = (value: string) => ({ '@type': 'text', '#': value.replace(NOT_XML, '') });
export const html = (value: string) => ({ '@type': 'html', '#': value.replace(NOT_XML, '') });
