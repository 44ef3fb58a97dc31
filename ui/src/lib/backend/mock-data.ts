// The mock backend's small, plausible city: four markets, eight branches, 1,500 vendors.
// Generated from a fixed seed, so every browser test sees the same data.
import type { Account, Branch, Code, Codes, Market, Product, Role, TariffKind, TariffPlan, VatRate } from './types';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const c = (code: string, nl: string, en: string): Code => ({ code, nl, en });

export const CODES: Codes = {
  marketKinds: [c('dag', 'dagmarkt', 'daily market'), c('week', 'weekmarkt', 'weekly market'), c('seizoen', 'seizoensmarkt', 'seasonal market')],
  vendorStatuses: [
    c('actief', 'actief', 'active'),
    c('wachtend', 'wachtend', 'waiting'),
    c('alleen_vervanger', 'alleen vervanger', 'substitute only'),
    c('verwijderd', 'verwijderd', 'removed'),
  ],
  registrationStatuses: [
    c('vpl', 'vaste plaatshouder', 'fixed stall holder'),
    c('tvpl', 'tijdelijke vaste plaatshouder', 'temporary fixed stall holder'),
    c('tvplz', 'tijdelijke vaste plaatshouder zonder plaats', 'temporary fixed, no own stall'),
    c('eb', 'economische binding', 'economic tie'),
    c('vkk', 'voorkeurskaart', 'preference card'),
    c('exp', 'experimentele zone', 'experimental zone'),
    c('expf', 'experimentele zone (vast)', 'experimental zone (fixed)'),
    c('soll', 'sollicitant', 'applicant'),
  ],
  permitStatuses: [] as Code[],
  presences: [
    c('zelf', 'zelf', 'in person'),
    c('partner', 'partner', 'partner'),
    c('vervanger_met_toestemming', 'vervanger met toestemming', 'substitute with permission'),
    c('vervanger_zonder_toestemming', 'vervanger zonder toestemming', 'substitute without permission'),
    c('vervanger_met_ontheffing', 'vervanger met ontheffing', 'substitute with exemption'),
    c('niet_aanwezig', 'niet aanwezig', 'not present'),
  ],
  paymentMethods: [c('pin', 'pin', 'card'), c('contant', 'contant', 'cash'), c('op_rekening', 'op rekening', 'on account')],
  cookings: [c('geen', 'geen', 'none'), c('bak-licht', 'bak licht', 'light cooking'), c('bak', 'bak', 'cooking')],
  stallProperties: [
    c('elektra', 'elektra', 'electricity'),
    c('krachtstroom', 'krachtstroom', 'three-phase power'),
    c('water', 'water', 'water'),
    c('hoek', 'hoekplaats', 'corner'),
    c('boom', 'boom', 'tree'),
    c('luifel', 'luifel', 'awning'),
  ],
  obstacleKinds: [
    c('boom', 'boom', 'tree'),
    c('bank', 'bank', 'bench'),
    c('loopje', 'loopje', 'passage'),
    c('lantaarnpaal', 'lantaarnpaal', 'lamppost'),
    c('overig', 'overig', 'other'),
  ],
  vatTypes: [c('hoog', 'hoog', 'standard'), c('laag', 'laag', 'reduced'), c('nul', 'nul', 'zero')],
  tariffUnits: [
    c('meters', 'meters', 'metres'),
    c('meters_large', 'meters (groot)', 'metres (large)'),
    c('meters_small', 'meters (klein)', 'metres (small)'),
    c('meters_total', 'meters totaal', 'metres in total'),
    c('item', 'per stuk', 'per item'),
    c('once', 'eenmalig', 'once'),
  ],
  productUnits: [
    c('meters', 'meters', 'metres'),
    c('meters_large', 'meters (groot)', 'metres (large)'),
    c('meters_small', 'meters (klein)', 'metres (small)'),
    c('item', 'per stuk', 'per item'),
    c('once', 'eenmalig', 'once'),
  ],
  weekdays: [
    c('ma', 'maandag', 'Monday'),
    c('di', 'dinsdag', 'Tuesday'),
    c('wo', 'woensdag', 'Wednesday'),
    c('do', 'donderdag', 'Thursday'),
    c('vr', 'vrijdag', 'Friday'),
    c('za', 'zaterdag', 'Saturday'),
    c('zo', 'zondag', 'Sunday'),
  ],
  roles: [
    c('admin', 'beheerder', 'administrator'),
    c('senior', 'medewerker marktbureau', 'market office clerk'),
    c('supervisor', 'markttoezichthouder', 'supervisor'),
    c('finance', 'financiën', 'finance'),
  ],
};
CODES.permitStatuses = [...CODES.registrationStatuses, c('lot', 'standwerker/overig', 'no registration (lot)')];

export const TODAY = '2026-11-28'; // a Saturday: AC and NOM are held

export interface MockAccount extends Account {
  password: string;
  failed: number;
}

export function accounts(): MockAccount[] {
  const a = (id: number, username: string, displayName: string, role: Role, password: string, locked = false) => ({
    id,
    username,
    displayName,
    role,
    password,
    active: true,
    locked,
    failed: locked ? 9 : 0,
  });
  return [
    a(1, 'beheer', 'Beheerder', 'admin', 'beheer-2026'),
    a(2, 'medewerker', 'Mirjam de Vries', 'senior', 'marktbureau-2026'),
    a(3, 'toezicht', 'Kees Bakker', 'supervisor', 'toezicht-2026'),
    a(4, 'financien', 'Fatima el Amrani', 'finance', 'financien-2026'),
    a(5, 'geblokkeerd', 'Piet Geblokkeerd', 'senior', 'geblokkeerd-2026', true),
  ];
}

export function branches(): Branch[] {
  return [
    { id: 1, code: '101-AGF', name: 'Groente en fruit', colour: '#2e7d32' },
    { id: 2, code: '102-VIS', name: 'Vis', colour: '#1565c0' },
    { id: 3, code: '103-BLOEM', name: 'Bloemen en planten', colour: '#ad1457' },
    { id: 4, code: '104-KAAS', name: 'Kaas en zuivel', colour: '#f9a825' },
    { id: 5, code: '201-TEXTIEL', name: 'Textiel', colour: '#6a1b9a' },
    { id: 6, code: '202-SCHOEN', name: 'Schoenen en lederwaren', colour: '#5d4037' },
    { id: 7, code: '301-ETEN', name: 'Eten ter plaatse', colour: '#e65100' },
    { id: 8, code: '401-OVERIG', name: 'Overig', colour: '#78909c' },
  ];
}

export function markets(): Omit<Market, 'stallCount'>[] {
  const m = (
    id: number,
    code: string,
    name: string,
    kind: string,
    weekdays: string[],
    season: [string, string] | null = null,
  ): Omit<Market, 'stallCount'> => ({
    id,
    code,
    name,
    kind,
    weekdays,
    seasonFrom: season?.[0] ?? null,
    seasonUntil: season?.[1] ?? null,
    stallSizeM: 3,
    maxStallsPerVendor: 4,
    sampleSize: 10,
    abLists: kind === 'dag',
    ended: false,
  });
  return [
    m(1, 'AC', 'Albert Cuypmarkt', 'dag', ['ma', 'di', 'wo', 'do', 'vr', 'za']),
    m(2, 'DAP', 'Dappermarkt', 'week', ['wo']),
    m(3, 'NOM', 'Noordermarkt', 'week', ['za']),
    m(4, 'WGM', 'Westergasmarkt', 'seizoen', ['zo'], ['04-01', '10-31']),
  ];
}

/** Rows per market: [name, number of stalls, circular]. */
export const ROWS: Record<number, [string, number, boolean][]> = {
  1: [
    ['Noordzijde', 24, false],
    ['Zuidzijde', 24, false],
    ['Middenrij', 16, false],
  ],
  2: [
    ['Oost', 20, false],
    ['West', 20, false],
  ],
  3: [['Rondom de kerk', 16, true]],
  4: [['Park', 12, false]],
};

export const VAT_RATES: VatRate[] = [
  { vat: 'hoog', from: '2019-01-01', percent: '21' },
  { vat: 'laag', from: '2019-01-01', percent: '9' },
  { vat: 'nul', from: '2000-01-01', percent: '0' },
];

export function tariffKinds(): TariffKind[] {
  const k = (id: number, code: string, invoiceLabel: string, unit: string, vat: string, ledger: string): TariffKind => ({
    id,
    code,
    invoiceLabel,
    unit,
    vat,
    ledgerCode: ledger,
    vatCode: vat === 'hoog' ? 'V21' : vat === 'laag' ? 'V09' : 'V00',
  });
  return [
    k(1, 'meter', 'afgenomen meters (normaal tarief)', 'meters', 'nul', '8100'),
    k(2, 'cleaning', 'reiniging (normaal tarief)', 'meters', 'hoog', '8110'),
    k(3, 'waste', 'toeslag bedrijfsafval', 'meters', 'hoog', '8120'),
    k(4, 'promo_meter', 'promotiegelden per meter', 'meters', 'nul', '8130'),
    k(5, 'promo_vendor', 'promotiegelden per koopman', 'once', 'nul', '8131'),
    k(6, 'power', 'elektra krachtstroom', 'item', 'hoog', '8140'),
    k(7, 'electricity', 'elektra', 'item', 'laag', '8141'),
    k(8, 'island', 'afvaleiland', 'item', 'nul', '8150'),
    k(9, 'agf', 'AGF per meter', 'item', 'hoog', '8160'),
    k(10, 'once_power', 'eenmalige elektra', 'once', 'hoog', '8142'),
  ];
}

export function products(): Product[] {
  const p = (id: number, key: string, label: string, unit: string, factor: number, kindId: number | null): Product => ({
    id,
    key,
    label,
    unit,
    factor,
    kindId,
    always: false,
    position: id,
  });
  return [
    p(1, 'stalls_3m', 'Kramen van 3 m', 'meters', 3, null),
    p(2, 'stalls_4m', 'Kramen van 4 m', 'meters', 4, null),
    p(3, 'extra_meters', 'Extra meters', 'meters', 1, null),
    p(4, 'electricity', 'Elektra', 'item', 1, 7),
    p(5, 'power', 'Krachtstroom', 'item', 1, 6),
    p(6, 'island', 'Afvaleiland', 'item', 1, 8),
    p(7, 'agf', 'AGF-meters', 'item', 1, 9),
    p(8, 'once_power', 'Eenmalige elektra', 'once', 1, 10),
  ];
}

const LINEAIR = { 1: 246, 2: 47, 3: 19, 4: 11, 5: 115, 6: 432, 7: 321, 8: 200, 9: 70, 10: 0 };

export function tariffPlans(): TariffPlan[] {
  const rates = (r: Record<number, number>) => Object.entries(r).map(([k, v]) => ({ kindId: Number(k), rateCents: v }));
  return [
    { id: 1, marketId: 1, name: 'Lineair 2026', from: '2026-01-01', until: null, weekdays: null, ignoreFixed: false, rates: rates(LINEAIR) },
    {
      id: 2,
      marketId: 1,
      name: 'Zaterdag 2026',
      from: '2026-01-01',
      until: null,
      weekdays: ['za'],
      ignoreFixed: false,
      rates: rates({ ...LINEAIR, 1: 298 }),
    },
    { id: 3, marketId: 2, name: 'Dappermarkt 2026', from: '2026-01-01', until: null, weekdays: null, ignoreFixed: false, rates: rates({ ...LINEAIR, 1: 212 }) },
    { id: 4, marketId: 3, name: 'Noordermarkt 2026', from: '2026-01-01', until: null, weekdays: null, ignoreFixed: false, rates: rates({ ...LINEAIR, 1: 275 }) },
  ];
}

const SURNAMES = [
  'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer',
  'Dijkstra', 'Jacobs', 'Vermeulen', 'Kok', 'Willems', 'Schouten', 'Postma', 'Kuipers', 'Hoekstra', 'Koster',
  'Prins', 'Huisman', 'Verhoeven', 'Çelik', 'Öztürk', 'Yılmaz', 'El Amrani', 'Boukhari', 'Nguyen', 'Janssen',
  'Groot', 'Maas', 'Wit', 'Kramer', 'Vries', 'Berg', 'Dijk', 'Leeuwen', 'Linden', 'Heuvel', 'Wal', 'Brink',
  'Bergh', 'Zanten', 'Müller', 'Gómez', 'Kowalski', 'Ramdin', 'Sewdien',
];
const INFIX: Record<string, string> = { Vries: 'de', Berg: 'van der', Dijk: 'van', Leeuwen: 'van', Linden: 'van der', Heuvel: 'van den', Wal: 'van der', Brink: 'van den', Bergh: 'van den', Zanten: 'van', Groot: 'de', Wit: 'de' };
const INITIALS = ['A.', 'B.', 'C.', 'D.', 'E.', 'F.', 'G.', 'H.', 'I.', 'J.', 'J.P.', 'K.', 'L.', 'M.', 'M.A.', 'N.', 'P.', 'R.', 'S.', 'T.', 'W.', 'Y.'];
const STATUSES = ['actief', 'actief', 'actief', 'actief', 'actief', 'wachtend', 'alleen_vervanger', 'verwijderd'];

export interface MockVendor {
  id: number;
  registrationNumber: string; // ten digits
  initials: string;
  infix: string;
  surname: string;
  email: string;
  phone: string;
  passId: string;
  status: string;
  enforcementUntil: string | null;
}

export function vendors(count = 1500): MockVendor[] {
  const r = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const used = new Set<string>();
  const list: MockVendor[] = [];
  for (let id = 1; id <= count; id++) {
    const surname = id === 1 ? 'Berg' : pick(SURNAMES);
    const infix = INFIX[surname] ?? '';
    let number = '';
    do {
      const y = 1950 + Math.floor(r() * 50);
      const m = 1 + Math.floor(r() * 12);
      const d = 1 + Math.floor(r() * 28);
      number = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(Math.floor(r() * 100)).padStart(2, '0')}`;
    } while (used.has(number));
    used.add(number);
    const slug = surname.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
    list.push({
      id,
      registrationNumber: id === 1 ? '1957081002' : number,
      initials: id === 1 ? 'J.P.' : pick(INITIALS),
      infix,
      surname,
      email: r() < 0.8 ? `${slug}${id}@example.nl` : '',
      phone: r() < 0.7 ? `06-${String(10000000 + Math.floor(r() * 89999999))}` : '',
      passId: r() < 0.6 ? `P${String(100000 + id)}` : '',
      status: id <= 300 ? 'actief' : pick(STATUSES),
      enforcementUntil: id % 97 === 0 ? '2026-12-31' : null,
    });
  }
  return list;
}
