// The verify and report pages' GraphQL operations (in a .tsx file: graphql-codegen reads console/src/**/*.tsx).
import { graphql } from '../gql';
import type { ConsentInput, VerificationInput } from '../gql/graphql';
import { request } from '../graphql-client';

export const VerifySourcesDocument = graphql(`
  query VerifySources {
    sources {
      id
      labelZh
      labelEn
      protocol
    }
  }
`);

const RegisterConsentsDocument = graphql(`
  mutation VerifyRegisterConsents($consents: [ConsentInput!]!) {
    registerConsents(consents: $consents) {
      id
      member
    }
  }
`);

/**
 * The hub asks the sources the selected fields need (docs/VERIFICATION.md): `attributes` without
 * arguments asks for everything the purpose allows, banks included, which the report page then shows.
 */
const RequestVerificationDocument = graphql(`
  mutation VerifyRequestVerification($input: VerificationInput!) {
    requestVerification(input: $input) {
      id
      members {
        attributes {
          code
        }
      }
    }
  }
`);

/** What the verify page shows while the sources answer: read again every second until nothing is pending. */
export const VerificationProgressDocument = graphql(`
  query VerificationProgress($id: ID!) {
    verificationReport(id: $id) {
      id
      status
      revision
      undeclaredItemsFound
      sources {
        source
        status
        latencyMs
        answeredAt
      }
      discrepancies {
        kind
      }
      assessment {
        eligibility {
          programme
          labelZh
          labelEn
          conclusion
          benefit {
            total {
              value
            }
            provisional
          }
        }
      }
    }
  }
`);

/** An error of a step the hub refused, with its stable code and the field it names when it does. */
export class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** Uploads the signed consent form; the hub answers the SHA-256 it computed, which the consents name. */
export async function uploadConsentDocument(file: File): Promise<string> {
  const res = await fetch('/consents/documents', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
  const body = (await res.json().catch(() => ({}))) as { sha256?: string; error?: { code: string; message: string; field: string | null } };
  if (!res.ok || !body.sha256) throw new StepError(body.error?.code ?? `HTTP_${res.status}`, body.error?.message ?? `HTTP ${res.status}`, body.error?.field ?? null);
  return body.sha256;
}

export async function registerConsents(consents: ConsentInput[]): Promise<void> {
  await request(RegisterConsentsDocument, { consents });
}

export async function requestVerification(input: VerificationInput): Promise<string> {
  return (await request(RequestVerificationDocument, { input })).requestVerification.id;
}
