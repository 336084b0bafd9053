// The demo tenant `npm start` opens: one organisation, one team and six named people, the same in every Playground.
// The ids are real-looking GUIDs fixed here (Entra object ids, as Teams gives them), so nobody is a built-in test user
// and an id that leaks into a card is told apart from a placeholder.

export const TENANT_ID = '0d6c4b8e-3f2a-4c1d-9e7b-5a8f2c6d1e34';
export const BOT = { id: '28:7a2e9c41-5d3b-4f86-b0a7-1c9e4d2f6b58', name: 'CxBot' };
// In Teams a team's id is its General channel's id: installing the app there is adding CxBot to the team.
export const TEAM = { id: '19:demo-harbourside-general@thread.tacv2', name: 'Harbourside Store', aadGroupId: '4e9b2d71-8c3a-4f5e-a6d2-0b7c1e9f3a85' };
export const TIME_ZONE = 'Europe/London';

// Each person's Playground user id is their Entra object id: the Playground's people picker answers with user ids, where
// Teams answers with Entra object ids, so this way a person picked in the demo's UI is the person CxBot knows.
const person = (key, given, surname, aad, role, playground) => ({
  key, given, surname, name: `${given} ${surname}`, id: aad, aad, role, playground,
  upn: `${key}@harbourside.example`, chat: `personal-chat-${key}`,
});

export const ADA = person('ada', 'Ada', 'Admin', '8b13aa8e-674b-495a-a74e-b073397f9d74', 'admin', true);
export const MONA = person('mona', 'Mona', 'Manager', 'ccfde889-f31e-4cdf-811d-6c2d5034047d', 'manager of Harbourside Store', true);
export const RITA = person('rita', 'Rita', 'Reporter', 'c422524a-34f0-4d3e-a4c2-959128232c11', 'front line', true);
export const COLE = person('cole', 'Cole', 'Colleague', '15007898-35e4-4277-b27b-aff12936155c', 'front line', true);
// Two more of the team, without a Playground: a Playground lists exactly five users besides its current one (fewer is
// refused; with six, its first request ends the process without a word).
export const DAN = person('dan', 'Dan', 'Driver', '6048c294-9c71-440b-ad26-8ba295d6d215', 'front line', false);
export const SUE = person('sue', 'Sue', 'Support', 'f41e9be1-ecc0-46a9-adf5-164e792bcdcf', 'front line', false);

export const EVERYONE = [ADA, MONA, RITA, COLE, DAN, SUE];
/** The people with a Playground of their own, in the order of the ports. */
export const WITH_PLAYGROUND = EVERYONE.filter(p => p.playground);

/** A Playground's `.m365agentsplayground.yml` with <me> as its current user and everyone else as its users. */
export function playgroundConfig(me) {
  return playgroundYaml({
    tenantId: TENANT_ID, bot: BOT, me, users: EVERYONE, chatId: me.chat, groupChatName: 'Harbourside shift chat', team: TEAM,
    channel: { id: '19:demo-harbourside-announcements@thread.tacv2', name: 'Announcements' },
  });
}

/**
 * Any Playground config file (format: ManagerConfig in IncidentsPlaygroundTests.cs): <me> is its current user, the other
 * <users> its users (the Playground wants at least five), one personal chat, one group chat and one team with one channel.
 * The walkthrough uses it with its own people.
 */
export function playgroundYaml({ tenantId, bot, me, users, chatId, groupChatName, team, channel }) {
  const user = (p, indent) => [
    `id: "${p.id}"`, `name: ${p.name}`, `userPrincipleName: ${p.upn}`, `aadObjectId: ${p.aad}`, `givenName: ${p.given}`, `surname: ${p.surname}`, `email: ${p.upn}`,
  ].map((line, i) => (i === 0 ? '' : indent) + line).join('\n');
  return [
    'version: "0.1.1"',
    `tenantId: ${tenantId}`,
    'bot:',
    `  id: "${bot.id}"`,
    `  name: ${bot.name}`,
    'currentUser:',
    '  ' + user(me, '  '),
    'users:',
    ...users.filter(p => p !== me).map(p => '  - ' + user(p, '    ')),
    'personalChat:',
    `  id: ${chatId}`,
    'groupChat:',
    `  id: group-chat-${me.key}`,
    `  name: ${groupChatName}`,
    'team:',
    `  id: "${team.id}"`,
    `  name: ${team.name}`,
    `  aadGroupId: ${team.aadGroupId}`,
    '  channels:',
    `    - id: "${channel.id}"`,
    `      name: ${channel.name}`,
    '',
  ].join('\n');
}
