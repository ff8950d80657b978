// The report page's query (a .tsx file: graphql-codegen reads console/src/**/*.tsx).
import { graphql } from '../gql';

export const ReportPageDocument = graphql(`
  query ReportPage($id: ID!) {
    sources {
      id
      labelZh
      labelEn
    }
    verificationReport(id: $id) {
      id
      status
      createdAt
      completedAt
      purpose
      applicationRef
      revision
      reportSha256
      undeclaredItemsFound
      requester {
        sub
        org
      }
      household {
        regionCode
        externalRef
      }
      signature {
        kid
      }
      members {
        person {
          id
          idNumberMasked
        }
        name
        relation
        birthDate
        sex
        attributes {
          code
          value
          unit
          source
          asOf
          labelZh
          labelEn
        }
      }
      sources {
        source
        status
        latencyMs
        answeredAt
        error
      }
      missingSources {
        source
        status
      }
      discrepancies {
        kind
        labelZh
        severity
        zh
        en
      }
      assessment {
        eligibility {
          programme
          labelZh
          labelEn
          conclusion
          grounds {
            code
            holds
            zh
            en
          }
          benefit {
            total {
              value
              zh
              en
            }
            parts {
              value
              zh
              en
            }
            provisional
          }
          missing {
            source
            status
          }
        }
        vetoes {
          code
          labelZh
          labelEn
          outcome
          deferMonths
        }
        income {
          byKind {
            kind
            figure {
              ...ReportFigure
            }
          }
          gross {
            ...ReportFigure
          }
          rigidDeductions {
            ...ReportFigure
          }
          net {
            ...ReportFigure
          }
          perCapita {
            ...ReportFigure
          }
        }
        assets {
          passes
          depositsPerCapita {
            ...ReportFigure
          }
          vehicles {
            ...ReportFigure
          }
          properties {
            ...ReportFigure
          }
          businessCapital {
            ...ReportFigure
          }
          exceeded {
            limit
            allowed
            figure {
              ...ReportFigure
            }
          }
        }
      }
    }
  }

  fragment ReportFigure on Figure {
    value
    unit
    rule
    zh
    en
    provisional {
      source
      status
    }
  }
`);
