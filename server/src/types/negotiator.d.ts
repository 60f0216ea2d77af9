// negotiator 1.1 takes the server's preference among equally weighted encodings; its published
// declarations predate that option. Only what the server uses is declared.
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The best of `available` for the request's Accept-Encoding; ties go to `preferred`'s order. */
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
    /** `available` the request's Accept-Language accepts, best first (all of them, in order, without the header). */
    languages(available: readonly string[]): string[];
  }
  export = Negotiator;
}
