// natural's modules are imported one by one: its index loads storage back-ends that read .env
// files and print to stdout, and its classifiers' and stemmers' indexes load every language's
// lexicons (megabytes of JSON) where one classifier and one stemmer are used. These
// lack their own declarations.
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  import { BayesClassifier } from 'natural/lib/natural/classifiers';
  export = BayesClassifier;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  import { PorterStemmer } from 'natural/lib/natural/stemmers';
  export = PorterStemmer;
}
