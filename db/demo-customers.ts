import { sql, type Kysely } from "kysely";
import type { CountryCode } from "libphonenumber-js";
import { getExampleNumber } from "libphonenumber-js";
// The full metadata: the default (min) one also accepts some too-short numbers, and demo phones must be real-looking.
import { parsePhoneNumberFromString as parseStrict } from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import type { CasePriority, CaseStatus, Database } from "./schema";
import { recordAudit, type Actor } from "../server/audit/audit.service";
import { toE164 } from "../server/crm/contact-fields";
import { recordDuplicateCandidates } from "../server/crm/duplicates.service";

/**
 * Demo customers for the CRM pages: about 150 people and companies across
 * a dozen countries and languages, with contacts at the companies, weeks of
 * cases (some closed), notes by the demo agents and a few tracked field
 * changes, so that every customer 360 page has a timeline to read.
 *
 * Deterministic: a seeded PRNG, times relative to `now`. Runs only on a
 * database without customers, so a re-run (or a database that already holds
 * real customers) gets nothing new. Rows go in by batched inserts; the
 * customers trigger keeps the search tokens in step.
 */

const SEED_ACTOR: Actor = { id: null, label: "seed", ip: null };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoCustomerSummary {
  customersCreated: number;
  contactsCreated: number;
  casesCreated: number;
  notesCreated: number;
  fieldChangesCreated: number;
}

/** Mulberry32, seeded, so the demo is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Locale {
  country: CountryCode;
  language: string;
  first: string[];
  last: string[];
  mailDomains: string[];
  companies: { name: string; domain: string }[];
  /** How many people to draw from the name lists. */
  people: number;
}

const LOCALES: Locale[] = [
  {
    country: "US",
    language: "en",
    first: ["Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Harper", "Mason", "Chloe", "Elijah"],
    last: ["Johnson", "Carter", "Brooks", "Reed", "Sullivan", "Hayes", "Coleman", "Jenkins", "Foster", "Bennett"],
    mailDomains: ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
    companies: [
      { name: "Bluewater Outfitters Inc.", domain: "bluewateroutfitters.com" },
      { name: "Pinecrest Dental Group", domain: "pinecrestdental.com" },
      { name: "Harbor & Main Coffee Co.", domain: "harborandmain.com" },
      { name: "Summit Ridge Logistics", domain: "summitridgelogistics.com" },
    ],
    people: 16,
  },
  {
    country: "GB",
    language: "en",
    first: ["Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack", "Freya", "Alfie", "Imogen"],
    last: ["Whitfield", "Pemberton", "Ashworth", "Clarke", "Hughes", "Patel", "Thornton", "Barker"],
    mailDomains: ["btinternet.com", "gmail.com", "outlook.co.uk"],
    companies: [
      { name: "Thistle & Thorne Ltd", domain: "thistleandthorne.co.uk" },
      { name: "Kensington Print Works", domain: "kensingtonprint.co.uk" },
      { name: "Brightside Energy Ltd", domain: "brightside-energy.co.uk" },
    ],
    people: 11,
  },
  {
    country: "IE",
    language: "en",
    first: ["Siobhán", "Cian", "Aoife", "Oisín", "Niamh", "Darragh", "Saoirse", "Pádraig"],
    last: ["O'Brien", "Murphy", "Kelly", "Byrne", "Ní Dhonnchadha", "Fitzgerald", "MacCarthy"],
    mailDomains: ["eircom.net", "gmail.com"],
    companies: [{ name: "Cliffside Distillers Teoranta", domain: "cliffsidedistillers.ie" }],
    people: 8,
  },
  {
    country: "DE",
    language: "de",
    first: ["Zoë", "Jonas", "Lena", "Maximilian", "Sophie", "Felix", "Hannah", "Leon", "Jürgen", "Karin"],
    last: ["Müller", "Schröder", "Weiß", "Becker", "Hoffmann", "Krüger", "Wagner", "Schäfer"],
    mailDomains: ["web.de", "gmx.de", "t-online.de"],
    companies: [
      { name: "Bäckerei Sonnenschein GmbH", domain: "baeckerei-sonnenschein.de" },
      { name: "Rheinwerk Maschinenbau AG", domain: "rheinwerk-maschinenbau.de" },
      { name: "Grünblick Solar GmbH", domain: "gruenblick-solar.de" },
    ],
    people: 13,
  },
  {
    country: "FR",
    language: "fr",
    first: ["Camille", "Léa", "Hugo", "Chloé", "Théo", "Manon", "Gaël", "Inès", "Benoît", "Élodie"],
    last: ["Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Lambert"],
    mailDomains: ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
    companies: [
      { name: "Atelier Lumière SARL", domain: "atelier-lumiere.fr" },
      { name: "Fromagerie des Alpes", domain: "fromagerie-des-alpes.fr" },
      { name: "Voyages Azur SAS", domain: "voyages-azur.fr" },
    ],
    people: 12,
  },
  {
    country: "ES",
    language: "es",
    first: ["José", "Lucía", "Álvaro", "Carmen", "Sergio", "Marta", "Íñigo", "Nuria", "Raúl", "Pilar"],
    last: ["Álvarez", "García", "Fernández", "Muñoz", "Ruiz", "Ortega", "Castillo", "Iglesias"],
    mailDomains: ["gmail.com", "yahoo.es", "telefonica.net"],
    companies: [
      { name: "Olivares del Sur S.L.", domain: "olivaresdelsur.es" },
      { name: "Taller Mecánico Peña S.L.", domain: "tallerpena.es" },
    ],
    people: 12,
  },
  {
    country: "MX",
    language: "es",
    first: ["Santiago", "Valeria", "Mateo", "Ximena", "Diego", "Renata", "Emiliano", "Fernanda"],
    last: ["Hernández", "López", "Martínez", "González", "Ramírez", "Torres", "Vázquez"],
    mailDomains: ["gmail.com", "hotmail.com", "prodigy.net.mx"],
    companies: [
      { name: "Cervecería La Montaña", domain: "cervecerialamontana.mx" },
      { name: "Textiles Guadalupe S.A. de C.V.", domain: "textilesguadalupe.mx" },
    ],
    people: 10,
  },
  {
    country: "BR",
    language: "pt",
    first: ["João", "Ana", "Gabriel", "Beatriz", "Luís", "Larissa", "Thiago", "Mariana"],
    last: ["Silva", "Souza", "Conceição", "Araújo", "Pereira", "Gonçalves", "Ribeiro"],
    mailDomains: ["uol.com.br", "gmail.com", "bol.com.br"],
    companies: [
      { name: "Café Serra Azul Ltda.", domain: "cafeserraazul.com.br" },
      { name: "Construtora Horizonte Ltda.", domain: "construtorahorizonte.com.br" },
    ],
    people: 10,
  },
  {
    country: "IN",
    language: "hi",
    first: ["Aarav", "Ananya", "Vihaan", "Diya", "Rohan", "Kavya", "Ishaan", "Meera"],
    last: ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Chatterjee", "Deshpande"],
    mailDomains: ["gmail.com", "rediffmail.com", "yahoo.co.in"],
    companies: [
      { name: "Sundaram Textiles Pvt Ltd", domain: "sundaramtextiles.in" },
      { name: "Lotus Leaf Ayurveda", domain: "lotusleafayurveda.in" },
    ],
    people: 10,
  },
  {
    country: "PH",
    language: "tl",
    first: ["Andres", "Maricel", "Paolo", "Kristine", "Jerome", "Liza", "Ramon"],
    last: ["Dela Cruz", "Bautista", "Villanueva", "Mendoza", "Aquino", "Santos"],
    mailDomains: ["gmail.com", "yahoo.com.ph"],
    companies: [{ name: "Isla Verde Resorts Inc.", domain: "islaverderesorts.ph" }],
    people: 8,
  },
  {
    country: "JP",
    language: "ja",
    first: ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura"],
    last: ["Takahashi", "Watanabe", "Kobayashi", "Yamamoto", "Nakamura"],
    mailDomains: ["docomo.ne.jp", "gmail.com"],
    companies: [{ name: "Kaze Bicycle Works K.K.", domain: "kaze-bicycle.jp" }],
    people: 6,
  },
  {
    country: "NG",
    language: "en",
    first: ["Chiamaka", "Tunde", "Ngozi", "Emeka", "Funmilayo", "Segun"],
    last: ["Adeyemi", "Okonkwo", "Balogun", "Eze", "Olawale"],
    mailDomains: ["gmail.com", "yahoo.com"],
    companies: [{ name: "Lagoon Fresh Foods Ltd", domain: "lagoonfresh.ng" }],
    people: 6,
  },
  {
    country: "SE",
    language: "sv",
    first: ["Astrid", "Björn", "Linnéa", "Måns", "Elsa", "Örjan"],
    last: ["Lindqvist", "Åkesson", "Berg", "Sjöberg", "Nyström"],
    mailDomains: ["telia.com", "gmail.com"],
    companies: [{ name: "Nordljus Design AB", domain: "nordljus.se" }],
    people: 6,
  },
  {
    country: "CA",
    language: "fr",
    first: ["Félix", "Maude", "Olivier", "Geneviève", "Étienne"],
    last: ["Tremblay", "Gagnon", "Côté", "Bouchard", "Pelletier"],
    mailDomains: ["videotron.ca", "gmail.com"],
    companies: [{ name: "Érablière Saint-Laurent Inc.", domain: "erabliere-stlaurent.ca" }],
    people: 5,
  },
];

const TITLES = ["Office Manager", "Head of Finance", "Operations Lead", "IT Administrator", "Purchasing", "Founder & CEO", "Accounts Payable"];

const CASE_TEMPLATES: { subject: string; description: string; origin: string }[] = [
  { subject: "Refund not received after return", description: "Customer returned the order two weeks ago; the refund has not reached their card yet.", origin: "email" },
  { subject: "Charged twice for the monthly plan", description: "Two identical charges on the same day on the card statement.", origin: "phone" },
  { subject: "Cannot sign in after password reset", description: "The reset link works but the new password is refused at sign-in.", origin: "chat" },
  { subject: "Delivery is late", description: "Tracking has not moved for five days.", origin: "web" },
  { subject: "Invoice is missing the VAT number", description: "Their accountant needs a corrected invoice with the VAT number on it.", origin: "email" },
  { subject: "Wants to upgrade to the annual plan", description: "Asked whether the unused months of the monthly plan are credited.", origin: "phone" },
  { subject: "App crashes when opening order history", description: "Happens on Android after the latest update; cleared the cache already.", origin: "chat" },
  { subject: "Change of billing address", description: "Moved offices; invoices should go to the new address from next month.", origin: "email" },
  { subject: "Cancel subscription at the end of the term", description: "Does not want automatic renewal.", origin: "web" },
  { subject: "Damaged item in the parcel", description: "Sent photos of the broken item; asks for a replacement rather than a refund.", origin: "social" },
  { subject: "Promo code not applied at checkout", description: "The code from the newsletter shows as valid but the total does not change.", origin: "chat" },
  { subject: "Request for a copy of their personal data", description: "Data-subject access request; identity checked on the call.", origin: "phone" },
  { subject: "Bulk order quote for next quarter", description: "Wants pricing for 400 units with staggered delivery.", origin: "email" },
  { subject: "Two-factor codes not arriving by SMS", description: "Codes arrive late or not at all on their mobile network.", origin: "phone" },
  { subject: "Question about the new price list", description: "Asks why their renewal price went up and whether the old rate can be kept.", origin: "email" },
];

const NOTE_BODIES = [
  "Called back as promised; customer confirmed the issue is solved.",
  "Prefers to be contacted by email, not phone, during working hours.",
  "Long-standing customer; very patient, but this is the second time the delivery was late. Offered a goodwill voucher.",
  "Asked for the invoice in their own language; sent the translated copy.",
  "Customer mentioned they are comparing us with a competitor at renewal. Flagged to the account team.",
  "Verified identity with the last four digits of the card and the postcode.",
  "Will call again on Monday once the bank confirms the refund.",
  "Explained the difference between the monthly and annual plans; customer will decide after talking to their partner.",
  "Escalated to billing specialists: the duplicate charge needs a manual reversal.",
  "Customer was upset on the phone; apologised and set the case to high priority.",
];

const TIERS = ["Bronze", "Silver", "Gold", "Platinum"];
const PREFERRED_CHANNELS = ["Phone", "Email", "Chat", "WhatsApp"];

/** Custom fields the demo shows on customers (an admin defines such fields in production). */
const DEMO_CUSTOM_FIELDS = [
  { key: "preferred_channel", label: "Preferred channel", type: "picklist" as const, options: PREFERRED_CHANNELS },
  { key: "contract_renewal", label: "Contract renewal", type: "date" as const, options: [] as string[] },
  { key: "loyalty_points", label: "Loyalty points", type: "number" as const, options: [] as string[] },
];

/** Letters without accents, for e-mail addresses. */
function ascii(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();
}

/** The 18-character form of a 15-character Salesforce id (its case-checksum suffix). */
function salesforceId18(id15: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  let suffix = "";
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[block * 5 + i]!;
      if (ch >= "A" && ch <= "Z") bits |= 1 << i;
    }
    suffix += alphabet[bits];
  }
  return id15 + suffix;
}

type Pick = <T>(items: readonly T[]) => T;

/** A valid mobile number of the country: its example number with the last digits varied, unique within the seed. */
function phoneFor(country: CountryCode, random: () => number, used: Set<string>): string | null {
  const example = getExampleNumber(country, mobileExamples);
  if (!example) return null;
  const national = example.nationalNumber as string;
  for (let attempt = 0; attempt < 50; attempt++) {
    // US/CA: stay in the 555-01xx range set aside for fiction.
    const vary = country === "US" || country === "CA" ? 2 : 4;
    const tail = String(Math.floor(random() * 10 ** vary)).padStart(vary, "0");
    const candidate = toE164(`+${example.countryCallingCode}${national.slice(0, national.length - vary)}${tail}`);
    if (candidate && parseStrict(candidate)?.isValid() && !used.has(candidate)) {
      used.add(candidate);
      return candidate;
    }
  }
  return null;
}

interface PlannedCustomer {
  kind: "person" | "company";
  name: string;
  email: string | null;
  phone: string | null;
  country: string;
  language: string;
  segment: string;
  tier: string;
  custom: Record<string, string | number>;
  externalId: string | null;
  createdAt: Date;
  archived: boolean;
  domain: string | null;
  locale: Locale;
}

export async function seedDemoCustomers(db: Kysely<Database>, now: Date): Promise<DemoCustomerSummary> {
  const summary: DemoCustomerSummary = { customersCreated: 0, contactsCreated: 0, casesCreated: 0, notesCreated: 0, fieldChangesCreated: 0 };
  const any = await db.selectFrom("customers").select("id").limit(1).executeTakeFirst();
  if (any) return summary;

  const random = prng(4_2026_11);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const usedPhones = new Set<string>();
  const usedNames = new Set<string>();

  await db
    .insertInto("custom_field_definitions")
    .values(
      DEMO_CUSTOM_FIELDS.map((f) => ({
        entity_type: "customer" as const,
        key: f.key,
        label: f.label,
        type: f.type,
        options: sql`${JSON.stringify(f.options)}::jsonb`,
      })),
    )
    .onConflict((oc) => oc.columns(["entity_type", "key"]).doNothing())
    .execute();

  // The people the demo shows on every page: they head their country's list.
  const featured = new Map<string, string[]>([
    ["DE", ["Zoë Müller"]],
    ["ES", ["José Álvarez"]],
    ["IE", ["Siobhán O'Brien"]],
    ["FR", ["Élodie Lefèvre"]],
    ["BR", ["João Conceição"]],
  ]);

  const planned: PlannedCustomer[] = [];
  let sfCounter = 0;
  const customFor = (): Record<string, string | number> => {
    const custom: Record<string, string | number> = {};
    if (random() < 0.6) custom.preferred_channel = pick(PREFERRED_CHANNELS);
    if (random() < 0.35) {
      custom.contract_renewal = new Date(now.getTime() + Math.floor(random() * 300 + 15) * DAY).toISOString().slice(0, 10);
    }
    if (random() < 0.4) custom.loyalty_points = Math.floor(random() * 50) * 100;
    return custom;
  };
  const externalId = () => {
    // Two in three came over from the old Salesforce org, with their Account Id.
    if (random() >= 0.66) return null;
    sfCounter++;
    return salesforceId18(`0015g00000Dm${String(sfCounter).padStart(3, "0")}`);
  };

  for (const locale of LOCALES) {
    const names = [...(featured.get(locale.country) ?? [])];
    for (let guard = 0; names.length < locale.people && guard < 500; guard++) {
      const name = `${pick(locale.first)} ${pick(locale.last)}`;
      if (!usedNames.has(name) && !names.includes(name)) names.push(name);
    }
    for (const name of names) {
      usedNames.add(name);
      const [first, ...rest] = name.split(" ");
      const domain = pick(locale.mailDomains);
      const local = random() < 0.5 ? `${ascii(first!)}.${ascii(rest.join(""))}` : `${ascii(first!)[0]}${ascii(rest.join(""))}${Math.floor(random() * 90 + 10)}`;
      planned.push({
        kind: "person",
        name,
        email: random() < 0.92 ? `${local}@${domain}` : null,
        phone: random() < 0.9 ? phoneFor(locale.country, random, usedPhones) : null,
        country: locale.country,
        language: locale.language,
        segment: "Consumer",
        tier: pick(TIERS.slice(0, 3)),
        custom: customFor(),
        externalId: externalId(),
        createdAt: new Date(now.getTime() - Math.floor(60 + random() * 900) * DAY),
        archived: false,
        domain: null,
        locale,
      });
    }
    for (const company of locale.companies) {
      planned.push({
        kind: "company",
        name: company.name,
        email: `${pick(["info", "support", "accounts", "hello"])}@${company.domain}`,
        phone: phoneFor(locale.country, random, usedPhones),
        country: locale.country,
        language: locale.language,
        segment: random() < 0.35 ? "Enterprise" : "SMB",
        tier: pick(TIERS.slice(1)),
        custom: customFor(),
        externalId: externalId(),
        createdAt: new Date(now.getTime() - Math.floor(120 + random() * 1200) * DAY),
        archived: false,
        domain: company.domain,
        locale,
      });
    }
  }
  // A couple of customers who left: archived, still readable.
  for (const index of [17, 88]) if (planned[index]) planned[index].archived = true;
  // One record typed in twice (no accents, the email in capitals): the Duplicates page has a pair to merge.
  const jose = planned.find((c) => c.name === "José Álvarez");
  if (jose) {
    planned.push({
      ...jose,
      name: "Jose Alvarez",
      email: jose.email?.toUpperCase() ?? null,
      phone: phoneFor(jose.locale.country, random, usedPhones),
      externalId: null,
      custom: {},
      createdAt: new Date(now.getTime() - 60 * DAY),
    });
  }

  const customers = await db
    .insertInto("customers")
    .values(
      planned.map((c) => ({
        kind: c.kind,
        name: c.name,
        email: c.email,
        phone: c.phone,
        country: c.country,
        language: c.language,
        segment: c.segment,
        tier: c.tier,
        custom: sql`${JSON.stringify(c.custom)}::jsonb`,
        external_source: c.externalId ? "salesforce" : null,
        external_id: c.externalId,
        archived_at: c.archived ? new Date(now.getTime() - 9 * DAY) : null,
        created_at: c.createdAt,
        updated_at: c.createdAt,
      })),
    )
    .returning(["id", "name"])
    .execute();
  summary.customersCreated = customers.length;
  const ids = customers.map((c) => c.id);
  const retyped = customers.find((c) => c.name === "Jose Alvarez");
  if (retyped) await recordDuplicateCandidates(db, retyped.id);

  // Demo staff: case owners are agents, notes come from agents and the supervisor.
  const staff = await db
    .selectFrom("users")
    .leftJoin("agents", "agents.user_id", "users.id")
    .select(["users.id as userId", "users.email", "users.role", "agents.id as agentId"])
    .where("users.is_demo", "=", true)
    .execute();
  const agents = staff.filter((s) => s.agentId !== null);
  const noteAuthors = staff.filter((s) => s.role === "agent" || s.role === "supervisor");
  const fieldEditors = staff.filter((s) => s.role === "supervisor" || s.role === "agent" || s.role === "admin");

  // Contacts at companies: two to four people each.
  const contactRows: { customer_id: string; first_name: string; last_name: string; email: string; phone: string | null; title: string; created_at: Date }[] = [];
  planned.forEach((c, i) => {
    if (c.kind !== "company" || !c.domain) return;
    const count = 2 + Math.floor(random() * 3);
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const first = pick(c.locale.first);
      const last = pick(c.locale.last);
      if (seen.has(`${first} ${last}`)) continue;
      seen.add(`${first} ${last}`);
      contactRows.push({
        customer_id: ids[i]!,
        first_name: first,
        last_name: last,
        email: `${ascii(first)}.${ascii(last)}@${c.domain}`,
        phone: random() < 0.8 ? phoneFor(c.locale.country as CountryCode, random, usedPhones) : null,
        title: pick(TITLES),
        created_at: new Date(c.createdAt.getTime() + Math.floor(random() * 30) * DAY),
      });
    }
  });
  const contacts = contactRows.length
    ? await db.insertInto("contacts").values(contactRows).returning(["id", "customer_id"]).execute()
    : [];
  summary.contactsCreated = contacts.length;
  const contactsOf = new Map<string, string[]>();
  for (const c of contacts) contactsOf.set(c.customer_id, [...(contactsOf.get(c.customer_id) ?? []), c.id]);

  // Cases over the last six weeks: most customers have one to four, a few none.
  interface CaseRow {
    customer_id: string;
    contact_id: string | null;
    subject: string;
    description: string;
    status: CaseStatus;
    priority: CasePriority;
    origin: string;
    owner_agent_id: string | null;
    opened_at: Date;
    closed_at: Date | null;
    created_at: Date;
    updated_at: Date;
  }
  const caseRows: CaseRow[] = [];
  const priorities: CasePriority[] = ["low", "medium", "medium", "medium", "high", "high", "urgent"];
  planned.forEach((c, i) => {
    // The featured customers always have history to show.
    const featuredCustomer = [...featured.values()].some((names) => names.includes(c.name));
    const count = featuredCustomer ? 3 : random() < 0.15 ? 0 : 1 + Math.floor(random() * (c.kind === "company" ? 4 : 3));
    for (let k = 0; k < count; k++) {
      const template = pick(CASE_TEMPLATES);
      const openedAt = new Date(now.getTime() - Math.floor(random() * 42 * DAY + 2 * HOUR));
      const age = now.getTime() - openedAt.getTime();
      // Older cases are mostly closed; the newest mostly still open.
      const closed = random() < Math.min(0.9, age / (21 * DAY));
      const closedAt = closed ? new Date(openedAt.getTime() + Math.min(age - HOUR, Math.floor((0.1 + random() * 4) * DAY))) : null;
      const status: CaseStatus = closed ? "closed" : pick(["new", "open", "open", "pending"] as const);
      const contactIds = contactsOf.get(ids[i]!) ?? [];
      caseRows.push({
        customer_id: ids[i]!,
        contact_id: contactIds.length && random() < 0.7 ? pick(contactIds) : null,
        subject: template.subject,
        description: template.description,
        status,
        priority: pick(priorities),
        origin: template.origin,
        owner_agent_id: agents.length && random() < 0.85 ? pick(agents).agentId : null,
        opened_at: openedAt,
        closed_at: closedAt,
        created_at: openedAt,
        updated_at: closedAt ?? openedAt,
      });
    }
  });
  // Case numbers follow the order cases were opened in.
  caseRows.sort((a, b) => a.opened_at.getTime() - b.opened_at.getTime());
  for (let i = 0; i < caseRows.length; i += 200) {
    await db.insertInto("cases").values(caseRows.slice(i, i + 200)).execute();
  }
  summary.casesCreated = caseRows.length;

  // Notes by the people who took the calls.
  const noteRows: { customer_id: string; body: string; author_id: string | null; created_at: Date }[] = [];
  planned.forEach((c, i) => {
    const featuredCustomer = [...featured.values()].some((names) => names.includes(c.name));
    const count = featuredCustomer ? 2 : random() < 0.45 ? 0 : 1 + Math.floor(random() * 2);
    for (let k = 0; k < count; k++) {
      noteRows.push({
        customer_id: ids[i]!,
        body: pick(NOTE_BODIES),
        author_id: noteAuthors.length ? pick(noteAuthors).userId : null,
        created_at: new Date(now.getTime() - Math.floor(random() * 40 * DAY + HOUR)),
      });
    }
  });
  if (noteRows.length) await db.insertInto("customer_notes").values(noteRows).execute();
  summary.notesCreated = noteRows.length;

  // Tracked field changes: tier upgrades, a new phone or e-mail. The record holds the new value.
  const changes: { entity_type: string; entity_id: string; field: string; old_value: unknown; new_value: unknown; changed_by: string | null; changed_at: Date }[] = [];
  const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;
  for (let i = 0; i < planned.length; i += 5) {
    const c = planned[i]!;
    const by = fieldEditors.length ? pick(fieldEditors).userId : null;
    const at = new Date(now.getTime() - Math.floor(random() * 30 * DAY + 3 * HOUR));
    const roll = random();
    if (roll < 0.45 && c.tier !== "Platinum") {
      const upgraded = TIERS[TIERS.indexOf(c.tier) + 1]!;
      changes.push({ entity_type: "customer", entity_id: ids[i]!, field: "tier", old_value: json(c.tier), new_value: json(upgraded), changed_by: by, changed_at: at });
      await db.updateTable("customers").set({ tier: upgraded, updated_at: at }).where("id", "=", ids[i]!).execute();
    } else if (roll < 0.75 && c.phone) {
      const phone = phoneFor(c.country as CountryCode, random, usedPhones);
      if (!phone) continue;
      changes.push({ entity_type: "customer", entity_id: ids[i]!, field: "phone", old_value: json(c.phone), new_value: json(phone), changed_by: by, changed_at: at });
      await db.updateTable("customers").set({ phone, updated_at: at }).where("id", "=", ids[i]!).execute();
    } else if (c.email) {
      const email = c.kind === "company" ? c.email.replace(/^[^@]+/, "billing") : c.email.replace(/@.*/, "@proton.me");
      if (email === c.email) continue;
      changes.push({ entity_type: "customer", entity_id: ids[i]!, field: "email", old_value: json(c.email), new_value: json(email), changed_by: by, changed_at: at });
      await db.updateTable("customers").set({ email, updated_at: at }).where("id", "=", ids[i]!).execute();
    }
  }
  if (changes.length) await db.insertInto("field_history").values(changes).execute();
  summary.fieldChangesCreated = changes.length;

  await recordAudit(db, SEED_ACTOR, { action: "customer.demo_seeded", entityType: "customer", entityId: null, after: summary });
  return summary;
}
