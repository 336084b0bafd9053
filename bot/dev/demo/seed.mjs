// Seeds the demo tenant the way its people would: every step is a Teams-shaped activity that a person's Playground sends
// to the bot's /api/messages (installing the app, typing a command, pressing a card's button), so what the demo shows is
// what CxBot does. Nothing is written to storage here.
//
// Dates: incidents say when they happened (the log card's "when" field, which CxBot accepts up to 90 days back), spread
// over the last six days with a few in the current week; ideas, votes, shout-outs and triage happen now, as CxBot dates
// them itself.
import { ADA, BOT, COLE, MONA, RITA, DAN, SUE, TEAM, TIME_ZONE } from './tenant.mjs';
import { choiceValue, hasText, hasVerb, objects, sleep, tokenIn } from './playground.mjs';

const V = {
  pickJourney: 'setup.journey.pick', saveOrganisation: 'setup.org.save', saveTeam: 'setup.team.save', saveLeadership: 'setup.leadership.save',
  logIncident: 'incidents.log.submit', acknowledge: 'incidents.acknowledge', resolve: 'incidents.resolve',
  submitIdea: 'ideas.submit', vote: 'ideas.vote', decide: 'ideas.decide',
  give: 'recognition.give',
};
const REFERENCE = /INC-\d{4}-\d{6}/;

/** @param people {Record<string, import('./playground.mjs').Playground>} each person's Playground, by key. */
export async function seed(people, log = console.log) {
  const { ada, mona, rita, cole } = people;

  log('  Ada Admin opens her chat (the first admin) and sets up the "Delivery and field service" starter journey');
  await openChat(ada);
  const setup = await ada.typeUntilCard(ADA.chat, 'setup', V.pickJourney);
  expectAnswer(await ada.press(setup, V.pickJourney, { journey: 'delivery' }), 'the starter journey');
  expectAnswer(await ada.press(setup, V.saveOrganisation, { name: 'Harbourside Retail', timeZone: TIME_ZONE, currency: 'GBP' }), 'the organisation');

  log('  Mona, Rita and Cole open their chats');
  await Promise.all([openChat(mona), openChat(rita), openChat(cole)]);

  log(`  Ada adds CxBot to ${TEAM.name} (its General channel) and makes Mona Manager its manager`);
  await ada.install(TEAM.id);
  const teamCard = await ada.waitForVerb(TEAM.id, V.saveTeam);
  expectAnswer(await ada.press(teamCard, V.saveTeam, { timeZone: TIME_ZONE, shiftEnd: '17:30', managers: MONA.aad }), 'the team setup');
  await ada.addTeamMembers(TEAM.id, [RITA, COLE, DAN, SUE]);
  await untilMember(rita);
  await untilMember(cole);

  log(`  Ada makes ${TEAM.name}'s General channel a leadership channel: "@CxBot post scorecards here"`);
  const leadership = await ada.waitForVerb(TEAM.id, V.saveLeadership, await ada.mention(TEAM.id, BOT, 'post scorecards here'));
  expectAnswer(await ada.press(leadership, V.saveLeadership, { allTeams: 'true' }), 'the leadership channel');

  log('  Rita and Cole log incidents dated over the last days; Mona acknowledges and resolves most of them');
  for (const incident of incidents()) {
    const reporter = people[incident.by.key];
    const reference = await logIncident(reporter, incident);
    if (incident.triage === 'none') continue;
    const card = await mona.waitFor(MONA.chat, e => hasText(e, reference) && hasVerb(e, V.acknowledge), 0, `the card of ${reference}`);
    expectAnswer(await mona.press(card, V.acknowledge, { reference, rev: 1 }), `acknowledging ${reference}`);
    if (incident.triage === 'resolve') {
      expectAnswer(await mona.press(card, V.resolve, { reference, rev: 2, text: incident.resolution }), `resolving ${reference}`);
    }
  }

  log('  Rita and Cole share ideas, colleagues vote, Mona accepts one and implements another');
  const slotTexts = await shareIdea(rita, 'Customers call us when a delivery slot runs late.', 'Text customers automatically when their slot is running late.', 'Fewer calls, calmer customers.');
  const photos = await shareIdea(cole, 'Customers cannot see how the installation was left.', 'Send the customer a photo of the finished installation.', 'Fewer second visits and disputes.');
  await shareIdea(rita, 'Drivers wait at the depot for paperwork.', 'Print the day\'s delivery notes the evening before.', 'Vans leave 20 minutes earlier.');
  await vote(cole, slotTexts);
  await vote(mona, slotTexts);
  await vote(rita, photos);
  await decide(mona, slotTexts, [['underReview', 'Asking the carriers.'], ['accepted', 'Worth doing: the carriers can send the texts.']]);
  await decide(mona, photos, [['underReview', 'Checking with the installers.'], ['accepted', 'Installers agree.'], ['implemented', 'Live since this week.']]);

  log('  Shout-outs: Rita for Cole, Cole for Rita, Mona for Rita, Ada for Mona');
  await shoutOut(rita, COLE, 0, 'Stayed late to rebook a missed delivery and called the customer himself.');
  await shoutOut(cole, RITA, 1, 'Spotted the damaged box before it left the depot.');
  await shoutOut(mona, RITA, 2, 'Logged every late delivery this week, so we could fix the slots.');
  await shoutOut(ada, MONA, 0, 'Turned round three unhappy customers in one afternoon.');
}

/** The incidents of the demo: when they happened (minutes before now), who logged them and what became of them. */
function incidents() {
  const week = minutesIntoLocalWeek(new Date());
  const day = 24 * 60;
  return [
    // Two in the current week whatever the day (the week starts on Monday in the team's time zone).
    { by: RITA, ago: Math.min(15, week * 0.1), what: 'Van arrived 2 hours after the slot and nobody warned the customer.', touchpoint: 'delivery', standard: 'slot-kept', severity: 'high', cause: 'third-party', recovered: 'Called the customer and refunded delivery.', cost: '45.00', triage: 'ack' },
    { by: COLE, ago: week * 0.4, what: 'Washing machine installed without the transit bolts removed.', touchpoint: 'installation', standard: 'first-time-fix', severity: 'medium', cause: 'training', cost: '120.00', triage: 'resolve', resolution: 'Engineer went back the next morning; bolts removed.' },
    // The days before.
    { by: RITA, ago: 1 * day + 95, what: 'Order taken without a contact number; the driver could not reach the customer.', touchpoint: 'order', standard: 'contact-captured', severity: 'medium', cause: 'process', cost: '30.00', triage: 'resolve', resolution: 'Contact number made a required field at the till.' },
    { by: COLE, ago: 2 * day + 300, what: 'Fridge delivered with a dented door.', touchpoint: 'delivery', standard: 'damage-free', severity: 'high', cause: 'third-party', recovered: 'Replacement delivered the next day.', cost: '260.00', triage: 'resolve', resolution: 'Carrier charged for the damage.' },
    { by: RITA, ago: 3 * day + 60, what: 'After-sales call promised for Tuesday never happened.', touchpoint: 'after-sales-call', standard: 'call-within-48h', severity: 'low', cause: 'promise', cost: '0', triage: 'none' },
    { by: RITA, ago: 4 * day + 200, what: 'Customer waited all day: the slot was booked for the wrong date.', touchpoint: 'order', severity: 'critical', cause: 'tools', recovered: 'Manager apologised by phone and gave a voucher.', cost: '75.50', triage: 'resolve', resolution: 'Booking screen now shows the weekday next to the date.' },
    { by: COLE, ago: 5 * day + 420, what: 'Engineer left packaging in the customer\'s hallway.', touchpoint: 'installation', standard: 'listened-to', severity: 'low', cause: 'behaviour', triage: 'ack' },
  ];
}

async function openChat(playground) {
  const person = playground.person;
  const mark = playground.events.length;
  await playground.install(person.chat);
  await playground.waitFor(person.chat, () => true, mark, 'the welcome');
}

/** Front-line staff are members once CxBot has taken the team's "member added" in: their log card then offers the team. */
async function untilMember(playground) {
  const person = playground.person;
  for (let attempt = 0; attempt < 50; attempt++) {
    const form = await playground.typeUntilCard(person.chat, 'log incident', V.logIncident);
    if ([...objects(form)].some(o => o.id === 'teamId' && (o.value === TEAM.id || o.choices?.some(c => c.value === TEAM.id)))) return;
    await sleep(200);
  }
  throw new Error(`${person.name} never joined ${TEAM.name}`);
}

async function logIncident(playground, incident) {
  const person = playground.person;
  const form = await playground.waitForVerb(person.chat, V.logIncident, await playground.type(person.chat, 'log incident'));
  const { date, time } = localDateTime(new Date(Date.now() - incident.ago * 60_000));
  const answer = await playground.press(form, V.logIncident, {
    token: tokenIn(form), teamId: TEAM.id, what: incident.what, date, time,
    ...(incident.touchpoint ? { touchpointId: incident.touchpoint } : {}), ...(incident.standard ? { standardId: incident.standard } : {}),
    severity: incident.severity, rootCause: incident.cause,
    recovered: incident.recovered ? 'true' : 'false', ...(incident.recovered ? { gesture: incident.recovered } : {}),
    ...(incident.cost ? { cost: incident.cost } : {}),
  });
  const reference = JSON.stringify(answer ?? '').match(REFERENCE)?.[0];
  if (!reference) throw new Error(`${person.name}'s incident was not logged: ${JSON.stringify(answer)}`);
  return reference;
}

async function shareIdea(playground, problem, proposal, benefit) {
  const person = playground.person;
  const form = await playground.waitForVerb(person.chat, V.submitIdea, await playground.type(person.chat, 'idea'));
  const answer = await playground.press(form, V.submitIdea, { token: crypto.randomUUID().replaceAll('-', ''), teamId: TEAM.id, problem, proposal, benefit });
  const ideaId = [...objects(answer)].map(o => o.ideaId).find(id => typeof id === 'string');
  if (!ideaId) throw new Error(`${person.name}'s idea was not shared: ${JSON.stringify(answer)}`);
  return ideaId;
}

/** The voter opens "team ideas" and votes on the idea from there. */
async function vote(playground, ideaId) {
  const person = playground.person;
  const list = await playground.waitFor(person.chat, e => hasText(e, ideaId), await playground.type(person.chat, 'team ideas'), 'the team\'s ideas');
  expectAnswer(await playground.press(list, V.vote, { ideaId }), `${person.name}'s vote`);
}

async function decide(playground, ideaId, steps) {
  const person = playground.person;
  const list = await playground.waitFor(person.chat, e => hasText(e, ideaId), await playground.type(person.chat, 'team ideas'), 'the team\'s ideas');
  for (const [status, reason] of steps) expectAnswer(await playground.press(list, V.decide, { ideaId, status, reason }), `the decision ${status}`);
}

async function shoutOut(playground, recipient, behaviour, message) {
  const person = playground.person;
  const form = await playground.waitForVerb(person.chat, V.give, await playground.type(person.chat, 'recognise'));
  const behaviours = [...objects(form)].filter(o => o.id === 'behaviour' && Array.isArray(o.choices)).flatMap(o => o.choices);
  if (!behaviours.length) throw new Error(`${person.name}'s shout-out card offers no standard or value`);
  expectAnswer(await playground.press(form, V.give, {
    token: tokenIn(form), recipients: choiceValue(form, 'recipients', recipient.name),
    behaviour: behaviours[behaviour % behaviours.length].value, message,
  }), `${person.name}'s shout-out`);
}

/** A button's answer: a card or a message, never the Playground's or the bot's error. */
function expectAnswer(answer, what) {
  if (process.env.DEMO_DEBUG) console.log(`    ${what}: ${JSON.stringify(answer).slice(0, 400)}`);
  const status = answer?.statusCode ?? answer?.status;
  if (!answer || (typeof status === 'number' && status >= 400)) throw new Error(`${what}: the bot answered ${JSON.stringify(answer)}`);
  return answer;
}

const parts = date => Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}).formatToParts(date).map(p => [p.type, p.value]));

/** The date and time the log card asks for, in the team's time zone. */
function localDateTime(date) {
  const p = parts(date);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Minutes since Monday 00:00 in the team's time zone. */
function minutesIntoLocalWeek(date) {
  const p = parts(date);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday);
  return weekday * 24 * 60 + Number(p.hour) * 60 + Number(p.minute);
}
