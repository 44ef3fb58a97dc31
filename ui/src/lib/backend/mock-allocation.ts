// The mock backend's allocation (indeling), for browser tests only. A small engine that
// follows allocation.md well enough to test the screen against: fixed holders on their own
// stalls, then the others in status and list order on free runs (a mandatory branch only on
// its stalls, branch maxima, minimum and wish), with Dutch explanations; versions, overrides
// validated as the core does (with its field names and messages), and publishing.
import type {
  AllocationCodes,
  AllocationDay,
  AllocationOverride,
  AllocationResult,
  AllocationVersion,
  AllocationVersionRef,
  AppError,
  Code,
  FieldError,
  MarketBranchRule,
  OverrideInput,
} from './types';

export interface WorldStall {
  id: number;
  rowId: number;
  number: string;
  active: boolean;
  branchIds: number[];
}
export interface WorldRow {
  id: number;
  marketId: number;
  circular: boolean;
  stallIds: number[];
}
export interface WorldRegistration {
  vendorId: number;
  marketId: number;
  listNumber: number;
  status: string;
  voided: boolean;
  stallIds: number[];
}

/** What the allocation needs of the mock's other data. */
export interface World {
  market(id: number): { id: number; name: string; code: string; maxStallsPerVendor: number };
  heldOn(marketId: number, day: string): boolean;
  rows(marketId: number): WorldRow[];
  stall(id: number): WorldStall | undefined;
  apart(a: number, b: number): boolean;
  blocked(stallId: number, day: string): boolean;
  registrations(marketId: number): WorldRegistration[];
  vendor(id: number): { id: number; name: string; registrationNumber: string; active: boolean };
  rules(marketId: number): MarketBranchRule[];
  branchCode(id: number): string;
  /** The acting clerk's display name, after the role check (throws `forbidden`). */
  actor(action?: string): string;
  now(): string;
}

const c = (code: string, nl: string, en: string): Code => ({ code, nl, en });
export const ALLOCATION_CODES: AllocationCodes = {
  outcomes: [
    c('ingedeeld', 'ingedeeld', 'assigned'),
    c('afgewezen', 'afgewezen', 'rejected'),
    c('niet_aanwezig', 'neemt niet deel', 'not taking part'),
    c('verwijderd', 'handmatig verwijderd', 'removed by hand'),
  ],
  reasons: [
    c('UNKNOWN', 'onbekend', 'unknown'),
    c('BRANCHE_FULL', 'branche vol', 'branch full'),
    c('ADJACENT_UNAVAILABLE', 'geen aangrenzende plaatsen', 'no adjacent stalls'),
    c('MINIMUM_UNAVAILABLE', 'minimum niet beschikbaar', 'minimum unavailable'),
    c('MARKET_FULL', 'markt vol', 'market full'),
    c('VPL_POSITION_NOT_AVAILABLE', 'vaste plaats niet beschikbaar', 'fixed stall unavailable'),
    c('PREF_NOT_AVAILABLE', 'voorkeur niet beschikbaar', 'preference unavailable'),
    c('PREF_NOT_AVAILABLE_ANYWHERE', 'voorkeur nergens beschikbaar', 'preference unavailable anywhere'),
    c('KRAAM_DOES_NOT_EXIST', 'kraam bestaat niet', 'stall does not exist'),
  ],
  states: [c('concept', 'concept', 'draft'), c('gepubliceerd', 'gepubliceerd', 'published')],
  overrideKinds: [
    c('verplaatsen', 'verplaatsen', 'move'),
    c('ruilen', 'ruilen', 'swap'),
    c('toewijzen', 'toewijzen', 'assign'),
    c('verwijderen', 'verwijderen', 'remove'),
  ],
};

const STATUS_ORDER = ['vpl', 'tvpl', 'tvplz', 'eb', 'vkk', 'exp', 'expf', 'soll'];
const STATUS_NL: Record<string, string> = {
  vpl: 'Vaste plaatshouder',
  tvpl: 'Tijdelijke vaste plaatshouder',
  tvplz: 'Tijdelijke vaste plaatshouder zonder plaats',
  eb: 'Economische binding',
  vkk: 'Voorkeurskaart',
  exp: 'Experimentele zone',
  expf: 'Experimentele zone (vast)',
  soll: 'Sollicitant',
};

interface StoredVersion {
  version: AllocationVersion;
  results: AllocationResult[];
  overrides: AllocationOverride[];
}

const err = (code: string, message: string, fields: FieldError[] = []): AppError => ({ code, message, fields });

function showDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const wd = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'][new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${wd} ${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
}
const plural = (nums: string[]) => (nums.length === 1 ? `plaats ${nums[0]}` : `plaatsen ${nums.join(', ')}`);

export function createMockAllocation(world: World) {
  const versions: StoredVersion[] = [];
  let nextId = 1;

  const ofDay = (marketId: number, day: string) =>
    versions.filter((v) => v.version.marketId === marketId && v.version.day === day).sort((a, b) => a.version.number - b.version.number);
  const find = (id: number) => {
    const v = versions.find((x) => x.version.id === id);
    if (!v) throw err('not_found', `indeling niet gevonden: ${id}`);
    return v;
  };
  const ref = (v: AllocationVersion): AllocationVersionRef => ({ id: v.id, number: v.number, state: v.state });
  const numberOf = (id: number) => world.stall(id)?.number ?? String(id);

  /** The next stall along a row (across the end of a circular one), unless an obstacle is between. */
  function next(rows: WorldRow[], id: number): number | null {
    const row = rows.find((r) => r.stallIds.includes(id));
    if (!row) return null;
    const i = row.stallIds.indexOf(id);
    const j = i + 1 < row.stallIds.length ? i + 1 : row.circular && row.stallIds.length > 2 ? 0 : -1;
    if (j < 0 || world.apart(id, row.stallIds[j])) return null;
    return row.stallIds[j];
  }

  /** The stalls as one adjacent run in row order, or null. */
  function runOrder(rows: WorldRow[], ids: number[]): number[] | null {
    const set = new Set(ids);
    if (!set.size) return null;
    const nexts = new Set(ids.map((id) => next(rows, id)).filter((x) => x !== null && set.has(x)));
    const start = ids.find((id) => !nexts.has(id)) ?? ids[0];
    const run = [start];
    while (run.length < set.size) {
      const n = next(rows, run[run.length - 1]);
      if (n === null || !set.has(n) || run.includes(n)) return null;
      run.push(n);
    }
    return run;
  }

  function allocate(marketId: number, day: string): AllocationResult[] {
    const m = world.market(marketId);
    const rows = world.rows(marketId);
    const rules = new Map(world.rules(marketId).map((r) => [r.branchId, r]));
    const usable = (id: number) => !!world.stall(id)?.active && !world.blocked(id, day);
    const taken = new Set<number>();
    const branchTotal = new Map<number, number>();
    const results: AllocationResult[] = [];
    const regs = world.registrations(marketId).filter((r) => !r.voided && world.vendor(r.vendorId).active);
    const branchOf = (vendorId: number) => (vendorId % 7) + 1;

    const result = (r: WorldRegistration, rest: Partial<AllocationResult>): AllocationResult => {
      const v = world.vendor(r.vendorId);
      return {
        vendorId: v.id,
        registrationNumber: v.registrationNumber,
        name: v.name,
        status: r.status,
        listNumber: r.listNumber,
        branchId: branchOf(v.id),
        aList: false,
        outcome: 'niet_aanwezig',
        stalls: [],
        reason: null,
        explanation: '',
        ...rest,
      };
    };
    const head = (r: WorldRegistration) => `${STATUS_NL[r.status] ?? r.status} (${r.status}, nr. ${r.listNumber})`;
    const give = (r: WorldRegistration, ids: number[], why: string) => {
      ids.forEach((id) => taken.add(id));
      const b = branchOf(r.vendorId);
      branchTotal.set(b, (branchTotal.get(b) ?? 0) + ids.length);
      const nums = ids.map(numberOf);
      results.push(result(r, { outcome: 'ingedeeld', stalls: ids.map((id, i) => ({ id, number: nums[i] })), explanation: `${head(r)}: ingedeeld op ${plural(nums)}${why}.` }));
    };
    const reject = (r: WorldRegistration, reason: string, why: string) =>
      results.push(result(r, { outcome: 'afgewezen', reason, explanation: `${head(r)}: afgewezen: ${why}.` }));

    // Fixed holders on their own stalls; one in eleven signed off.
    for (const r of regs.filter((x) => x.stallIds.length)) {
      if (r.vendorId % 11 === 0) {
        results.push(result(r, { explanation: `Neemt niet deel: afgemeld voor ${showDay(day)}.` }));
        continue;
      }
      const own = r.stallIds.filter(usable);
      if (own.length) give(r, own, ' (eigen plaatsen)');
      else reject(r, 'KRAAM_DOES_NOT_EXIST', `eigen ${plural(r.stallIds.map(numberOf))} geblokkeerd op ${showDay(day)}`);
    }
    // The others who come (a weekly pattern or a sign-on), in status and list order.
    const others = regs
      .filter((x) => !x.stallIds.length)
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.listNumber - b.listNumber);
    for (const r of others) {
      const comes = r.status === 'soll' ? r.vendorId % 3 === 0 : r.vendorId % 4 === 1;
      if (!comes) {
        results.push(result(r, { explanation: `Neemt niet deel: niet aangemeld voor ${showDay(day)}.` }));
        continue;
      }
      const b = branchOf(r.vendorId);
      const rule = rules.get(b);
      const wish = Math.min(r.listNumber % 5 === 0 ? 2 : 1, m.maxStallsPerVendor);
      const room = rule?.maxStalls != null ? rule.maxStalls - (branchTotal.get(b) ?? 0) : wish;
      if (room <= 0) {
        reject(r, 'BRANCHE_FULL', `de branche ${world.branchCode(b)} heeft haar maximum van ${rule!.maxStalls} plaatsen bereikt`);
        continue;
      }
      const free = rows.flatMap((row) => row.stallIds).filter((id) => usable(id) && !taken.has(id));
      if (!free.length) {
        reject(r, 'MARKET_FULL', 'er is geen vrije plaats meer');
        continue;
      }
      const reserved = (id: number) => world.stall(id)!.branchIds.some((x) => rules.get(x)?.mandatory);
      const suits = rule?.mandatory ? (id: number) => world.stall(id)!.branchIds.includes(b) : (id: number) => !reserved(id);
      const candidates = free.filter(suits);
      if (!candidates.length) {
        reject(r, 'PREF_NOT_AVAILABLE_ANYWHERE', `geen vrije plaats past bij de branche ${world.branchCode(b)}`);
        continue;
      }
      let got: number[] | null = null;
      for (let n = Math.min(wish, room); n >= 1 && !got; n--) {
        for (const start of candidates) {
          const run = [start];
          while (run.length < n) {
            const nx = next(rows, run[run.length - 1]);
            if (nx === null || !candidates.includes(nx) || run.includes(nx)) break;
            run.push(nx);
          }
          if (run.length === n) {
            got = run;
            break;
          }
        }
      }
      if (!got) reject(r, 'MINIMUM_UNAVAILABLE', 'geen aaneengesloten rij vrije plaatsen van het minimum');
      else give(r, got, wish > got.length ? `; wilde ${wish} plaatsen, kreeg er ${got.length}` : '');
    }
    return results.sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber));
  }

  function latest(marketId: number, day: string) {
    const list = ofDay(marketId, day);
    return list[list.length - 1];
  }

  function freeStalls(marketId: number, day: string, shown: StoredVersion | undefined) {
    const taken = new Set(shown?.results.flatMap((r) => r.stalls.map((s) => s.id)) ?? []);
    return world
      .rows(marketId)
      .flatMap((r) => r.stallIds)
      .filter((id) => world.stall(id)!.active && !world.blocked(id, day) && !taken.has(id))
      .map((id) => ({ id, number: numberOf(id) }));
  }

  function day(marketId: number, dayIso: string, versionId: number | null): AllocationDay {
    world.actor();
    world.market(marketId);
    const list = ofDay(marketId, dayIso);
    let shown = list[list.length - 1];
    if (versionId !== null) {
      shown = list.find((v) => v.version.id === versionId)!;
      if (!shown) throw err('not_found', `indeling niet gevonden: ${versionId}`);
    }
    return {
      marketId,
      day: dayIso,
      held: world.heldOn(marketId, dayIso),
      versions: list.map((v) => v.version),
      shown: shown ? { version: shown.version, results: shown.results, overrides: shown.overrides, freeStalls: freeStalls(marketId, dayIso, shown) } : null,
      codes: ALLOCATION_CODES,
    };
  }

  function run(marketId: number, dayIso: string): AllocationVersionRef {
    const by = world.actor('RunAllocation');
    const m = world.market(marketId);
    if (!world.heldOn(marketId, dayIso)) {
      const message = `${m.name} is er niet op ${showDay(dayIso)}`;
      throw err('invalid', `day: ${message}`, [{ field: 'day', problem: 'conflict', message }]);
    }
    const list = ofDay(marketId, dayIso);
    const published = [...list].reverse().find((v) => v.version.state === 'gepubliceerd');
    if (published) {
      throw err(
        'conflict',
        `de indeling van ${m.name} op ${showDay(dayIso)} is gepubliceerd (versie ${published.version.number}): wijzig haar met een handmatige wijziging`,
      );
    }
    const version: AllocationVersion = {
      id: nextId++,
      marketId,
      day: dayIso,
      number: (list[list.length - 1]?.version.number ?? 0) + 1,
      state: 'concept',
      createdBy: by,
      createdAt: world.now(),
      publishedBy: null,
      publishedAt: null,
      basedOn: null,
    };
    versions.push({ version, results: allocate(marketId, dayIso), overrides: [] });
    return ref(version);
  }

  function latestIs(v: StoredVersion) {
    const l = latest(v.version.marketId, v.version.day);
    if (l !== v) {
      throw err('conflict', `versie ${v.version.number} is niet meer de nieuwste indeling van deze dag: dat is versie ${l.version.number}`);
    }
  }

  function publish(id: number): AllocationVersionRef {
    const by = world.actor('PublishAllocation');
    const v = find(id);
    latestIs(v);
    if (v.version.state === 'gepubliceerd') throw err('conflict', `versie ${v.version.number} is al gepubliceerd`);
    v.version.state = 'gepubliceerd';
    v.version.publishedBy = by;
    v.version.publishedAt = world.now();
    return ref(v.version);
  }

  function override(input: OverrideInput): AllocationVersionRef {
    const by = world.actor('OverrideAllocation');
    const v = find(input.allocationId);
    latestIs(v);
    const { marketId, day: dayIso } = v.version;
    const rows = world.rows(marketId);
    const fields: FieldError[] = [];
    const fail = (field: string, problem: FieldError['problem'], message: string) => fields.push({ field, problem, message });
    const reason = input.reason.trim();
    if (!reason) fail('reason', 'required', 'verplicht veld');
    else if ([...reason].length > 200) fail('reason', 'too_long', 'te lang (hoogstens 200 tekens)');

    const resultOf = (id: number) => v.results.find((r) => r.vendorId === id);
    const owner = new Map(v.results.flatMap((r) => r.stalls.map((s) => [s.id, r] as const)));
    const stallsOf = (id: number) => resultOf(id)?.stalls.map((s) => s.id) ?? [];
    const known = (field: string, id: number) => {
      const ok = !!resultOf(id);
      if (!ok) fail(field, 'unknown', 'deze ondernemer staat niet in deze indeling');
      return ok;
    };
    const withStalls = (field: string, id: number) => {
      if (known(field, id) && !stallsOf(id).length) fail(field, 'conflict', 'deze ondernemer heeft geen plaatsen');
    };
    const checkStalls = (field: string, ids: number[], vendor: number, extra: number[]): number[] | null => {
      if (!ids.length) {
        fail(field, 'required', 'kies minstens één plaats');
        return null;
      }
      let ok = true;
      const seen = new Set<number>();
      ids.forEach((id, i) => {
        const f = `${field}[${i}]`;
        const bad = (problem: FieldError['problem'], message: string) => {
          fail(f, problem, message);
          ok = false;
        };
        if (seen.has(id)) return bad('duplicate', 'deze plaats staat er twee keer in');
        seen.add(id);
        const s = world.stall(id);
        if (!s) return bad('unknown', `onbekende plaats ${id}`);
        if (!rows.some((r) => r.stallIds.includes(id))) return bad('conflict', `plaats ${s.number} ligt op een andere markt`);
        if (!s.active) bad('conflict', `plaats ${s.number} is geblokkeerd`);
        else if (world.blocked(id, dayIso)) bad('conflict', `plaats ${s.number} is geblokkeerd op ${showDay(dayIso)}`);
        const o = owner.get(id);
        if (o && o.vendorId !== vendor) bad('conflict', `plaats ${s.number} is al ingedeeld bij ${o.name}`);
      });
      if (!ok) return null;
      const run = runOrder(rows, [...ids, ...extra]);
      if (!run) fail(field, 'conflict', 'de plaatsen van een ondernemer liggen aaneengesloten in één rij, zonder obstakel ertussen');
      return run;
    };

    const moved: { vendor: number; from: number[]; to: number[] }[] = [];
    const vendor = input.vendorId;
    if (input.kind === 'verplaatsen') {
      withStalls('vendor', vendor);
      const run = checkStalls('to', input.stallIds, vendor, []);
      if (run) {
        const from = stallsOf(vendor);
        if (run.join() === from.join()) fail('to', 'conflict', 'dit zijn al de plaatsen van deze ondernemer');
        moved.push({ vendor, from, to: run });
      }
    } else if (input.kind === 'toewijzen') {
      const from = known('vendor', vendor) ? stallsOf(vendor) : [];
      input.stallIds.forEach((s, i) => {
        if (from.includes(s)) fail(`stalls[${i}]`, 'duplicate', 'deze plaats heeft de ondernemer al');
      });
      const run = checkStalls('stalls', input.stallIds, vendor, from);
      if (run) moved.push({ vendor, from, to: run });
    } else if (input.kind === 'ruilen') {
      const other = input.otherVendorId;
      if (other === null) {
        throw err('invalid', 'other: kies met wie er geruild wordt', [{ field: 'other', problem: 'required', message: 'kies met wie er geruild wordt' }]);
      }
      withStalls('vendor', vendor);
      withStalls('other', other);
      if (other === vendor) fail('other', 'conflict', 'kies twee verschillende ondernemers');
      const [a, b] = [stallsOf(vendor), stallsOf(other)];
      if (a.length && b.length && other !== vendor) moved.push({ vendor, from: a, to: b }, { vendor: other, from: b, to: a });
    } else if (input.kind === 'verwijderen') {
      withStalls('vendor', vendor);
      const from = stallsOf(vendor);
      if (from.length) moved.push({ vendor, from, to: [] });
    } else {
      fail('kind', 'unknown', `onbekende wijziging: ‘${input.kind}’ (geldig: verplaatsen, ruilen, toewijzen, verwijderen)`);
    }

    // A branch over its maximum (and further than it was) only with the override rule.
    let broken: string | null = null;
    if (moved.length) {
      const total = new Map<number, number>();
      const delta = new Map<number, number>();
      for (const r of v.results) {
        if (r.branchId === null) continue;
        total.set(r.branchId, (total.get(r.branchId) ?? 0) + r.stalls.length);
        const mv = moved.find((x) => x.vendor === r.vendorId);
        if (mv) delta.set(r.branchId, (delta.get(r.branchId) ?? 0) + mv.to.length - mv.from.length);
      }
      const over = world
        .rules(marketId)
        .filter((rule) => rule.maxStalls !== null && (delta.get(rule.branchId) ?? 0) > 0)
        .map((rule) => [rule, (total.get(rule.branchId) ?? 0) + delta.get(rule.branchId)!] as const)
        .filter(([rule, after]) => after > rule.maxStalls!)
        .map(([rule, after]) => `branche ${world.branchCode(rule.branchId)}: ${after} plaatsen, maximum ${rule.maxStalls}`);
      if (over.length) {
        broken = over.join('; ');
        const why = input.overrideRule?.trim();
        if (input.overrideRule === null) fail('override_rule', 'conflict', `dit gaat boven het branchemaximum (${broken}): doorbreek de regel bewust, met een reden`);
        else if (!why) fail('override_rule', 'required', 'een reden om het branchemaximum te doorbreken');
      }
    }
    if (fields.length) throw err('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);

    let target = v;
    if (v.version.state === 'gepubliceerd') {
      target = {
        version: {
          ...v.version,
          id: nextId++,
          number: v.version.number + 1,
          state: 'concept',
          createdBy: by,
          createdAt: world.now(),
          publishedBy: null,
          publishedAt: null,
          basedOn: v.version.number,
        },
        results: JSON.parse(JSON.stringify(v.results)),
        overrides: [],
      };
      versions.push(target);
    }
    const list = (ids: number[]) => ids.map(numberOf).join(', ');
    for (const mv of moved) {
      const r = target.results.find((x) => x.vendorId === mv.vendor)!;
      let note: string;
      if (input.kind === 'verwijderen') note = `Handmatig verwijderd van ${list(mv.from)}: ${reason}.`;
      else if (input.kind === 'ruilen') {
        const partner = target.results.find((x) => x.vendorId === (mv.vendor === vendor ? input.otherVendorId : vendor))!;
        note = `Handmatig geruild met ${partner.registrationNumber} (${partner.name}): had ${list(mv.from)}, kreeg ${list(mv.to)}: ${reason}.`;
      } else if (input.kind === 'toewijzen') {
        note = mv.from.length ? `Handmatig uitgebreid tot ${list(mv.to)}: ${reason}.` : `Handmatig ingedeeld op ${list(mv.to)}: ${reason}.`;
      } else note = `Handmatig verplaatst van ${list(mv.from)} naar ${list(mv.to)}: ${reason}.`;
      r.explanation = `${r.explanation} ${note}`;
      if (broken) r.explanation += ` Branchemaximum bewust overschreden (${broken}): ${input.overrideRule!.trim()}.`;
      r.stalls = mv.to.map((id) => ({ id, number: numberOf(id) }));
      r.outcome = mv.to.length ? 'ingedeeld' : 'verwijderd';
      r.reason = null;
    }
    const first = moved[0];
    target.overrides.push({
      id: nextId++,
      kind: input.kind,
      vendorId: first.vendor,
      otherVendorId: input.kind === 'ruilen' ? input.otherVendorId : null,
      fromStalls: first.from.map(numberOf),
      toStalls: first.to.map(numberOf),
      breaksRule: broken ? 'branche_maximum' : null,
      ruleReason: broken ? input.overrideRule!.trim() : null,
      reason,
      by,
      at: world.now(),
    });
    return ref(target.version);
  }

  return { day, run, override, publish };
}
