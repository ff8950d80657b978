import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConsentInput, VerifySourcesQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import type { MessageKey } from '../i18n';
import { useText } from '../language';
import { fetchSession } from '../session';
import { ASSET_FIELDS, checkDraft, emptyAssets, emptyMember, newKey, type Problem, type VerifyDraft } from '../verification/draft';
import { describeIdNumber } from '../verification/id-number';
import { codeLabel, codesOf, TIME_ZONE } from '../verification/labels';
import { MembersEditor } from '../verification/members-editor';
import { registerConsents, requestVerification, uploadConsentDocument, VerifySourcesDocument } from '../verification/operations';
import { VerificationProgress } from '../verification/progress';

/** Today in the region's time zone, as YYYY-MM-DD (en-CA formats dates that way). */
function today(offsetYears = 0): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + offsetYears);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
}

function initialDraft(org: string): VerifyDraft {
  return {
    regionCode: /^\d{6}$/.test(org) && !org.endsWith('00') ? org : '',
    externalRef: '',
    applicationRef: '',
    purpose: 'NEW_APPLICATION',
    members: [emptyMember()],
    assets: emptyAssets(),
    banks: [],
    validFrom: today(),
    validUntil: today(1),
    consentFile: null,
  };
}

type Step = 'step_upload' | 'step_consents' | 'step_verify';
type Sources = VerifySourcesQuery['sources'];

/**
 * "Verify a household": the declaration and the signed consent, submitted as the API asks (the
 * form uploaded, each member's consent registered naming its hash, a minor's by the guardian
 * chosen, then requestVerification), then the sources answering live and the result.
 */
export function VerifyPage() {
  const { t, language } = useText();
  const [draft, setDraft] = useState<VerifyDraft>(() => initialDraft(''));
  const [sources, setSources] = useState<Sources>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [step, setStep] = useState<Step | null>(null);
  const [failure, setFailure] = useState<{ step: Step; message: string } | null>(null);
  const [reportId, setReportId] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A county's verifier applies in their own county: its code is the default.
    fetchSession().then(
      (s) => s.signedIn && setDraft((d) => (d.regionCode === '' ? { ...d, regionCode: initialDraft(s.org).regionCode } : d)),
      () => undefined,
    );
    request(VerifySourcesDocument).then(
      (d) => setSources(d.sources),
      (err: Error) => setFailure({ step: 'step_verify', message: err.message }),
    );
  }, []);
  const sourceName = (id: string) => {
    const s = sources.find((x) => x.id === id);
    return s ? (language === 'en' ? s.labelEn : s.labelZh) : id;
  };
  const banks = sources.filter((s) => s.id.startsWith('bank_'));
  const set = (change: Partial<VerifyDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const checked = checkDraft(draft, language, sourceName);
    setProblems(checked.problems);
    if (!checked.input) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    let current: Step = 'step_upload';
    try {
      setStep(current);
      const documentSha256 = await uploadConsentDocument(draft.consentFile!);
      current = 'step_consents';
      setStep(current);
      const consents: ConsentInput[] = draft.members.map((m) => {
        const id = describeIdNumber(m.idNumber, language);
        const guardian = (id.age ?? 18) < 18 ? draft.members.find((g) => String(g.key) === m.guardian) : undefined;
        return {
          idNumber: m.idNumber.trim().toUpperCase(),
          name: m.name.trim(),
          documentSha256,
          purposes: [checked.input!.purpose],
          validFrom: draft.validFrom,
          validUntil: draft.validUntil,
          ...(guardian ? { guardianIdNumber: guardian.idNumber.trim().toUpperCase(), guardianName: guardian.name.trim() } : {}),
        };
      });
      await registerConsents(consents);
      current = 'step_verify';
      setStep(current);
      setReportId(await requestVerification(checked.input));
    } catch (err) {
      const code = (err as { code?: string }).code;
      setFailure({ step: current, message: code ? `${code}: ${(err as Error).message}` : (err as Error).message });
    } finally {
      setStep(null);
    }
  };

  if (reportId) return <VerificationProgress reportId={reportId} sourceName={sourceName} />;
  return (
    <form className="verify" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyTitle')}</h2>
      <p>{t('verifyIntro')}</p>
      {problems.length > 0 && (
        <div ref={summary} tabIndex={-1} role="alert" className="problems" data-testid="problems">
          <p>{t('formProblems', { n: problems.length })}</p>
          <ul>
            {problems.map((p) => (
              <li key={p.fieldId + p.message}>
                <a href={`#${p.fieldId}`}>{p.message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>{t('householdSection')}</legend>
        <div className="row">
          <TextField id="regionCode" label={t('regionCode')} value={draft.regionCode} onChange={(v) => set({ regionCode: v })} inputMode="numeric" />
          <TextField id="externalRef" label={t('externalRef')} value={draft.externalRef} onChange={(v) => set({ externalRef: v })} />
          <TextField id="applicationRef" label={t('applicationRef')} value={draft.applicationRef} onChange={(v) => set({ applicationRef: v })} />
          <div className="field">
            <label htmlFor="purpose">{t('purpose')}</label>
            <select id="purpose" value={draft.purpose} onChange={(e) => set({ purpose: e.target.value })}>
              {codesOf('purpose').map((p) => (
                <option key={p} value={p}>
                  {codeLabel(language, 'purpose', p)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <MembersEditor members={draft.members} onChange={(members) => set({ members })} />
      <fieldset>
        <legend>{t('assetsSection')}</legend>
        <div className="row">
          {ASSET_FIELDS.map((f) => (
            <TextField key={f.name} id={`asset-${f.name}`} label={t(`asset_${f.name}` as MessageKey)} value={draft.assets[f.name]} onChange={(v) => set({ assets: { ...draft.assets, [f.name]: v } })} inputMode={f.integer ? 'numeric' : 'decimal'} small />
          ))}
        </div>
        <fieldset className="banks">
          <legend>{t('depositsByBank')}</legend>
          {draft.banks.map((b) => (
            <div className="row" key={b.key}>
              <div className="field">
                <label htmlFor={`bank-${b.key}-bank`}>{t('bank')}</label>
                <select id={`bank-${b.key}-bank`} value={b.bank} onChange={(e) => set({ banks: draft.banks.map((x) => (x.key === b.key ? { ...x, bank: e.target.value } : x)) })}>
                  {banks.map((s) => (
                    <option key={s.id} value={s.id}>
                      {sourceName(s.id)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id={`bank-${b.key}-amount`} label={t('amount')} value={b.amount} onChange={(v) => set({ banks: draft.banks.map((x) => (x.key === b.key ? { ...x, amount: v } : x)) })} inputMode="decimal" small />
              <button type="button" className="link" onClick={() => set({ banks: draft.banks.filter((x) => x.key !== b.key) })}>
                {t('removeBank')}
              </button>
            </div>
          ))}
          <button type="button" disabled={banks.length === 0} onClick={() => set({ banks: [...draft.banks, { key: newKey(), bank: banks[0]!.id, amount: '' }] })}>
            {t('addBank')}
          </button>
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t('consentSection')}</legend>
        <p className="hint">{t('consentHelp')}</p>
        <div className="row">
          <div className="field">
            <label htmlFor="consentFile">{t('consentDocument')}</label>
            <input id="consentFile" type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => set({ consentFile: e.target.files?.[0] ?? null })} />
          </div>
          <TextField id="validFrom" label={t('validFrom')} value={draft.validFrom} onChange={(v) => set({ validFrom: v })} type="date" />
          <TextField id="validUntil" label={t('validUntil')} value={draft.validUntil} onChange={(v) => set({ validUntil: v })} type="date" />
        </div>
      </fieldset>
      {failure && (
        <p role="alert" className="error" data-testid="api-error">
          {`${t('verifyRefused')}（${t(failure.step)}）：${failure.message}`}
        </p>
      )}
      <p>
        <button type="submit" className="button primary" disabled={step !== null}>
          {step ? `${t('submitting')} ${t(step)}` : t('submit')}
        </button>
      </p>
    </form>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  type?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  small?: boolean;
}

function TextField({ id, label, value, onChange, type = 'text', inputMode, small }: TextFieldProps) {
  return (
    <div className={small ? 'field small' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} inputMode={inputMode} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

