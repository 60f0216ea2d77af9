// natural's modules are imported one by one: its index loads storage back-ends that read .env
// files and print to stdout. Only this one lacks its own declaration.
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
