import { useState } from 'react';
import { useText } from '../language';
import { emptyMember, INCOME_KINDS, parsePastedMembers, type MemberDraft } from './draft';
import { describeIdNumber } from './id-number';
import { codeLabel, codesOf } from './labels';

interface Props {
  members: MemberDraft[];
  onChange(members: MemberDraft[]): void;
}

/** The members: pasted from a list or typed one by one, the ID number checked as typed (GB 11643). */
export function MembersEditor({ members, onChange }: Props) {
  const { t, language } = useText();
  const [pasted, setPasted] = useState('');
  const [pasteResult, setPasteResult] = useState<string[]>([]);
  const update = (key: number, change: Partial<MemberDraft>) => onChange(members.map((m) => (m.key === key ? { ...m, ...change } : m)));
  const addPasted = () => {
    const r = parsePastedMembers(pasted, language);
    // Pasting into an untouched form replaces its one empty row.
    const kept = members.filter((m) => m.idNumber.trim() !== '' || m.name.trim() !== '');
    onChange([...kept, ...r.members]);
    setPasteResult([t('pasteAdded', { n: r.members.length }), ...r.problems]);
    if (r.problems.length === 0) setPasted('');
  };
  const adults = members.filter((m) => {
    const id = describeIdNumber(m.idNumber, language);
    return id.ok && (id.age ?? 0) >= 18;
  });
  return (
    <fieldset id="members" tabIndex={-1}>
      <legend>{t('membersSection')}</legend>
      <div className="paste">
        <label htmlFor="paste-members">{t('pasteLabel')}</label>
        <textarea id="paste-members" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <button type="button" onClick={addPasted} disabled={pasted.trim() === ''}>
          {t('pasteButton')}
        </button>
        {pasteResult.length > 0 && (
          <div role="status">
            <ul className="paste-result">
              {pasteResult.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {members.map((m, i) => {
        const id = m.idNumber.trim() === '' ? null : describeIdNumber(m.idNumber, language);
        const minor = id?.ok === true && (id.age ?? 18) < 18;
        const n = i + 1;
        return (
          <fieldset key={m.key} className="member" data-testid={`member-${n}`}>
            <legend>{t('memberN', { n })}</legend>
            <div className="row">
              <div className="field">
                <label htmlFor={`member-${m.key}-id`}>{t('idNumber')}</label>
                <input
                  id={`member-${m.key}-id`}
                  value={m.idNumber}
                  maxLength={18}
                  inputMode="text"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={id ? !id.ok : undefined}
                  aria-describedby={`member-${m.key}-id-check`}
                  onChange={(e) => update(m.key, { idNumber: e.target.value.toUpperCase() })}
                />
                <span id={`member-${m.key}-id-check`} className={id ? (id.ok ? 'hint ok' : 'hint bad') : 'hint'} aria-live="polite">
                  {id?.message ?? ''}
                  {minor ? `；${t('idMinor')}` : ''}
                </span>
              </div>
              <div className="field">
                <label htmlFor={`member-${m.key}-name`}>{t('name')}</label>
                <input id={`member-${m.key}-name`} value={m.name} autoComplete="off" onChange={(e) => update(m.key, { name: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`member-${m.key}-relation`}>{t('relation')}</label>
                <select id={`member-${m.key}-relation`} value={m.relation} onChange={(e) => update(m.key, { relation: e.target.value })}>
                  {codesOf('relation').map((r) => (
                    <option key={r} value={r}>
                      {codeLabel(language, 'relation', r)}
                    </option>
                  ))}
                </select>
              </div>
              {minor && (
                <div className="field">
                  <label htmlFor={`member-${m.key}-guardian`}>{t('guardian')}</label>
                  <select id={`member-${m.key}-guardian`} value={m.guardian} onChange={(e) => update(m.key, { guardian: e.target.value })}>
                    <option value="">{t('chooseGuardian')}</option>
                    {adults.map((g) => (
                      <option key={g.key} value={String(g.key)}>
                        {g.name || g.idNumber}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
            <fieldset className="income">
              <legend>{t('declaredIncome')}</legend>
              {INCOME_KINDS.map((kind) => (
                <div className="field small" key={kind}>
                  <label htmlFor={`member-${m.key}-${kind}`}>{t(`income_${kind}`)}</label>
                  <input id={`member-${m.key}-${kind}`} inputMode="decimal" value={m.income[kind]} onChange={(e) => update(m.key, { income: { ...m.income, [kind]: e.target.value } })} />
                </div>
              ))}
            </fieldset>
            {members.length > 1 && (
              <button type="button" className="link" onClick={() => onChange(members.filter((x) => x.key !== m.key))}>
                {t('removeMember', { n })}
              </button>
            )}
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...members, { ...emptyMember(), relation: 'CHILD' }])}>
        {t('addMember')}
      </button>
    </fieldset>
  );
}
