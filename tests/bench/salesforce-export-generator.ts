import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A synthetic Salesforce weekly data export (Account.csv, Contact.csv,
 * Case.csv, Task.csv) of any size, shaped like the real thing: every field quoted,
 * national-format phones, country names, some accents, quotes and commas in
 * values, a few deleted rows, contacts at accounts and person-account style
 * contacts without one, cases through a contact or an account, and tasks
 * (logged calls and emails, some to-dos and planned calls, a few deleted) on a
 * case, an account or a contact. Deterministic: the same counts give the same
 * files (and the first three files do not depend on the task count).
 *
 *   npx tsx tests/bench/salesforce-export-generator.ts <dir> [accounts] [contacts] [cases] [tasks]
 *
 * (defaults 100,000 / 200,000 / 200,000 / one task per two cases).
 */

export interface ExportSize {
  accounts: number;
  contacts: number;
  cases: number;
  /** Task.csv rows; one per two cases when not given. */
  tasks?: number;
}

export const BENCH_EXPORT_SIZE: ExportSize = { accounts: 100_000, contacts: 200_000, cases: 200_000, tasks: 100_000 };

function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join("");
  return { next, int, pick, digits };
}
type Random = ReturnType<typeof random>;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** An 18-character Salesforce-style Id: key prefix, a pod, the number in base 62, a 3-letter suffix. */
export function salesforceId(prefix: string, n: number): string {
  let body = "";
  for (let x = n; body.length < 10; x = Math.floor(x / 62)) body = BASE62[x % 62] + body;
  return `${prefix}5g${body}AAA`.slice(0, 18);
}

interface Country {
  name: string;
  cities: string[];
  phone: (r: Random) => string;
  first: string[];
  last: string[];
}

const COUNTRIES: Country[] = [
  {
    name: "United States", cities: ["San Francisco", "New York", "Austin", "Chicago"],
    phone: (r) => `(${r.pick(["415", "212", "512", "312"])}) ${r.int(200, 989)}-${r.digits(4)}`,
    first: ["James", "Mary", "Michael", "Jennifer", "Carlos", "Aisha", "Kevin", "Emily"],
    last: ["Smith", "Johnson", "Garcia", "Nguyen", "Brown", "Miller", "Davis", "O'Connor"],
  },
  {
    name: "Germany", cities: ["Berlin", "München", "Köln", "Hamburg"],
    phone: (r) => `030 ${r.int(2, 9)}${r.digits(7)}`,
    first: ["Jürgen", "Anna", "Lukas", "Käthe", "Jonas", "Lea"],
    last: ["Müller", "Schmidt", "Schäfer", "Weiß", "Groß", "Becker"],
  },
  {
    name: "United Kingdom", cities: ["London", "Manchester", "Leeds"],
    phone: (r) => `020 7${r.digits(3)} ${r.digits(4)}`,
    first: ["Oliver", "Amelia", "Harry", "Siobhan", "Priya"],
    last: ["Taylor", "Evans", "Patel", "O'Neill", "Hughes"],
  },
  {
    name: "France", cities: ["Paris", "Lyon", "Marseille"],
    phone: (r) => `01 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    first: ["Émilie", "François", "Hélène", "Théo", "Chloé"],
    last: ["Lefèvre", "Dubois", "Martin", "Dupré", "Moreau"],
  },
  {
    name: "Spain", cities: ["Madrid", "Barcelona", "Sevilla"],
    phone: (r) => `91 ${r.digits(3)} ${r.digits(2)} ${r.digits(2)}`,
    first: ["José", "María", "Álvaro", "Lucía", "Iñigo"],
    last: ["García", "Núñez", "Muñoz", "Peña", "Ibáñez"],
  },
  {
    name: "Brazil", cities: ["São Paulo", "Rio de Janeiro", "Curitiba"],
    phone: (r) => `(11) 9${r.digits(4)}-${r.digits(4)}`,
    first: ["João", "Ana", "Letícia", "Thiago", "Conceição"],
    last: ["Silva", "Gonçalves", "Araújo", "Magalhães", "Souza"],
  },
  {
    name: "Australia", cities: ["Sydney", "Melbourne", "Perth"],
    phone: (r) => `04${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
    first: ["Jack", "Charlotte", "Lachlan", "Ruby"],
    last: ["Jones", "Kelly", "O'Brien", "Campbell"],
  },
  {
    name: "India", cities: ["Kolkata", "Mumbai", "Bengaluru"],
    phone: (r) => `98${r.digits(3)} ${r.digits(5)}`,
    first: ["Arjun", "Priya", "Rahul", "Ananya"],
    last: ["Banerjee", "Sharma", "Iyer", "Reddy"],
  },
];
const COMPANY_WORDS = ["Logistics", "Trading", "Foods", "Motors", "Pharma", "Builders", "Consulting", "Energy", "Software", "Travel", "Retail", "Labs"];
const LEGAL = ["Inc.", "GmbH", "Ltd", "S.A.", "LLC", "Pty Ltd", "SARL"];
const TYPES = ["Customer - Direct", "Customer - Channel", "Prospect", "Partner", ""];
const INDUSTRIES = ["Manufacturing", "Technology", "Retail", "Healthcare", "Finance", ""];
const TITLES = ["CEO", "Head of \"Ops\", EMEA", "Buyer", "Office Manager", "IT Administrator", ""];
const STATUSES: [string, boolean][] = [
  ["New", false],
  ["Working", false],
  ["Escalated", false],
  ["On Hold", false],
  ["Closed", true],
  ["Closed", true],
  ["Closed", true],
  ["Resolved", true],
];
const SUBJECTS = ["Cannot log in", "Invoice shows the wrong amount", "Refund not received", "Package arrived damaged", 'Printer says "PC LOAD LETTER"', "Delivery is late, again"];
const ORIGINS = ["Phone", "Email", "Web", "Chat", "Facebook", ""];
const PRIORITIES = ["Low", "Medium", "High", "Critical"];
const CALL_SUBJECTS = ["Call about the invoice", "Called back, left a voicemail", "Walked through the login, step by step", 'Customer asked "where is my parcel?"'];
const EMAIL_SUBJECTS = ["Email: your refund, as promised", "Email: RE: delivery date", "Email: password reset link", "← Email: still waiting for my refund"];
const TODO_SUBJECTS = ["Follow up next week", "Send the contract", "Check the credit note"];
const OWNERS = Array.from({ length: 40 }, (_, i) => salesforceId("005", i + 1));

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

class CsvFile {
  private fd: number;
  private buffer: string[] = [];
  constructor(file: string, header: string[]) {
    this.fd = fs.openSync(file, "w");
    fs.writeSync(this.fd, `\uFEFF${header.map(quote).join(",")}\r\n`);
  }
  row(values: string[]) {
    this.buffer.push(`${values.map(quote).join(",")}\r\n`);
    if (this.buffer.length >= 5000) this.flush();
  }
  flush() {
    if (this.buffer.length) fs.writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "Z");
const START = Date.parse("2024-01-01T00:00:00Z");
const YEAR_MS = 365 * 86_400_000;

/** Writes the export into `dir` (created if missing); returns the rows written per file. */
export function generateSalesforceExport(dir: string, size: ExportSize = BENCH_EXPORT_SIZE): Required<ExportSize> {
  const tasks = size.tasks ?? Math.floor(size.cases / 2);
  fs.mkdirSync(dir, { recursive: true });
  const r = random(0x5a1e5f0c);
  const accountCountry: Country[] = [];

  const accounts = new CsvFile(path.join(dir, "Account.csv"), [
    "Id", "IsDeleted", "MasterRecordId", "Name", "Type", "BillingCity", "BillingCountry", "Phone", "Website", "Industry", "CreatedDate", "Region__c",
  ]);
  for (let i = 1; i <= size.accounts; i++) {
    const c = r.pick(COUNTRIES);
    accountCountry.push(c);
    const name = r.next() < 0.2 ? `${r.pick(c.last)} & ${r.pick(c.last)}, ${r.pick(LEGAL)}` : `${r.pick(c.last)} ${r.pick(COMPANY_WORDS)} ${r.pick(LEGAL)}`;
    // One in 500 deleted; one in 1,000 merged into an earlier account.
    const deleted = i > 10 && r.next() < 0.003;
    const master = deleted && r.next() < 0.33 ? salesforceId("001", r.int(1, i - 1)) : "";
    accounts.row([
      salesforceId("001", i), deleted ? "1" : "0", master, name, r.pick(TYPES), r.pick(c.cities), c.name,
      r.next() < 0.85 ? c.phone(r) : "", r.next() < 0.5 ? `https://www.account${i}.example` : "", r.pick(INDUSTRIES),
      iso(START + r.next() * YEAR_MS), r.pick(["EMEA", "Americas", "APAC", ""]),
    ]);
  }
  accounts.close();

  const contacts = new CsvFile(path.join(dir, "Contact.csv"), [
    "Id", "IsDeleted", "MasterRecordId", "AccountId", "LastName", "FirstName", "Salutation", "MailingCountry", "Phone", "MobilePhone", "Email", "Title", "Description",
  ]);
  const contactAccount: number[] = [0];
  for (let i = 1; i <= size.contacts; i++) {
    // Most work at an account; a fifth are people on their own (they become person customers).
    const account = size.accounts > 0 && r.next() < 0.8 ? r.int(1, size.accounts) : 0;
    contactAccount.push(account);
    const c = account ? accountCountry[account - 1]! : r.pick(COUNTRIES);
    const first = r.pick(c.first);
    const last = r.pick(c.last);
    const deleted = i > 10 && r.next() < 0.002;
    contacts.row([
      salesforceId("003", i), deleted ? "1" : "0", "", account ? salesforceId("001", account) : "", last, first, r.pick(["Mr.", "Ms.", "Dr.", ""]),
      account ? "" : c.name, r.next() < 0.6 ? c.phone(r) : "", "",
      r.next() < 0.9 ? `${first}.${last}.${i}@mail${i % 97}.example`.toLowerCase().replace(/[^a-z0-9.@]/g, "") : "",
      r.pick(TITLES), r.next() < 0.1 ? "Met at the fair,\nwants a demo" : "",
    ]);
  }
  contacts.close();

  const cases = new CsvFile(path.join(dir, "Case.csv"), [
    "Id", "IsDeleted", "MasterRecordId", "CaseNumber", "ContactId", "AccountId", "Type", "Status", "Reason", "Origin", "Subject", "Priority", "Description", "IsClosed", "ClosedDate", "CreatedDate",
  ]);
  const caseContact = new Int32Array(size.cases + 1);
  const caseAccount = new Int32Array(size.cases + 1);
  for (let i = 1; i <= size.cases; i++) {
    const contact = size.contacts > 0 && r.next() < 0.7 ? r.int(1, size.contacts) : 0;
    const account = contact ? contactAccount[contact]! : size.accounts > 0 ? r.int(1, size.accounts) : 0;
    caseContact[i] = contact;
    caseAccount[i] = account;
    const [status, closed] = r.pick(STATUSES);
    const created = START + r.next() * YEAR_MS;
    cases.row([
      salesforceId("500", i), r.next() < 0.001 ? "1" : "0", "", String(10_000_000 + i), contact ? salesforceId("003", contact) : "",
      account ? salesforceId("001", account) : "", r.pick(["Problem", "Question", "Feature Request"]), status, "", r.pick(ORIGINS),
      r.pick(SUBJECTS), r.pick(PRIORITIES), r.next() < 0.5 ? `Customer wrote: "it broke", case ${i}` : "", closed ? "1" : "0",
      closed ? iso(created + r.int(600, 14 * 86_400) * 1000) : "", iso(created),
    ]);
  }
  cases.close();

  const taskFile = new CsvFile(path.join(dir, "Task.csv"), [
    "Id", "WhoId", "WhatId", "Subject", "ActivityDate", "Status", "Priority", "OwnerId", "Description", "IsDeleted", "AccountId", "IsClosed",
    "CreatedDate", "CallDurationInSeconds", "CallType", "TaskSubtype", "CompletedDateTime",
  ]);
  for (let i = 1; i <= tasks; i++) {
    // Half on a case (with its contact and account), the rest on a contact or an account.
    let contact = 0;
    let account = 0;
    let kase = 0;
    if (size.cases > 0 && r.next() < 0.5) {
      kase = r.int(1, size.cases);
      contact = caseContact[kase]!;
      account = caseAccount[kase]!;
    } else if (size.contacts > 0 && r.next() < 0.7) {
      contact = r.int(1, size.contacts);
      account = contactAccount[contact]!;
    } else if (size.accounts > 0) {
      account = r.int(1, size.accounts);
    }
    // 45% calls, 40% emails, 12% to-dos, 3% calls not made yet.
    const roll = r.next();
    const subtype = roll < 0.48 ? "Call" : roll < 0.88 ? "Email" : "Task";
    const done = roll < 0.45 || (roll >= 0.48 && roll < 0.88);
    const created = START + r.next() * YEAR_MS;
    const completed = done ? created + r.int(60, 3_600) * 1000 : 0;
    const subject = subtype === "Call" ? r.pick(CALL_SUBJECTS) : subtype === "Email" ? r.pick(EMAIL_SUBJECTS) : r.pick(TODO_SUBJECTS);
    taskFile.row([
      salesforceId("00T", i), contact ? salesforceId("003", contact) : "", kase ? salesforceId("500", kase) : account ? salesforceId("001", account) : "",
      subject, iso(created).slice(0, 10), done ? "Completed" : "Not Started", r.pick(["Normal", "High"]), r.next() < 0.98 ? r.pick(OWNERS) : "",
      r.next() < 0.4 ? `Spoke with the customer, "all good" now,\nticket ${i}` : "", r.next() < 0.002 ? "1" : "0", account ? salesforceId("001", account) : "",
      done ? "1" : "0", iso(created), subtype === "Call" && done ? String(r.int(20, 1_800)) : "",
      subtype === "Call" ? r.pick(["Inbound", "Inbound", "Outbound", ""]) : "", subtype, done ? iso(completed) : "",
    ]);
  }
  taskFile.close();
  return { ...size, tasks };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [dir, a, c, k, t] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: tsx tests/bench/salesforce-export-generator.ts <dir> [accounts] [contacts] [cases] [tasks]");
    process.exit(2);
  }
  const size = {
    accounts: a ? Number(a) : BENCH_EXPORT_SIZE.accounts,
    contacts: c ? Number(c) : BENCH_EXPORT_SIZE.contacts,
    cases: k ? Number(k) : BENCH_EXPORT_SIZE.cases,
    tasks: t ? Number(t) : undefined,
  };
  const started = performance.now();
  const written = generateSalesforceExport(dir, size);
  console.log(`Wrote ${written.accounts} accounts, ${written.contacts} contacts, ${written.cases} cases, ${written.tasks} tasks to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
