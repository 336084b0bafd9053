#!/usr/bin/env node
// `npm start`: the demo team, locally. Starts Azurite (tables; data kept in .azurite/), the bot, and one Microsoft 365 Agents
// Playground per person of the demo tenant (bot/dev/demo/tenant.mjs), each on its own port with that person as its current
// user; seeds the demo through the Playgrounds the first time (bot/dev/demo/seed.mjs) and prints which port is who.
// Ctrl-C stops everything it started. Everything listens on 127.0.0.1 only.
//
// Settings (environment), for tests and for ports that are taken:
//   PLAYGROUND_PORT  the first Playground's port (56150); the others follow it (56151, 56152, 56153)
//   DEMO_PLAYGROUND_PORTS  the Playgrounds' ports, comma-separated, in the order Ada, Mona, Rita, Cole
//   DEMO_BOT_PORT (3978), DEMO_AZURITE_PORT (10002), DEMO_DATA (.azurite: Azurite's data and the logs)
//   DEMO_BOT_DLL  run this built CxBot.dll with `dotnet` instead of `dotnet run --project bot`
//   DEMO_STOP_ON_STDIN_END  stop everything when stdin closes (for tests)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (typeof WebSocket === 'undefined') {
  // Node 20 has its WebSocket client behind a flag (Node 22 has it on): run again with it.
  const again = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => again.kill(signal));
  again.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
} else {
  await run();
}

async function run() {
  const { Playground } = await import('./demo/playground.mjs');
  const { seed } = await import('./demo/seed.mjs');
  const { TENANT_ID, TEAM, WITH_PLAYGROUND, playgroundConfig } = await import('./demo/tenant.mjs');

  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const env = process.env;
  const DATA = path.resolve(ROOT, env.DEMO_DATA ?? '.azurite');
  const AZURITE_PORT = Number(env.DEMO_AZURITE_PORT ?? 10002);
  const BOT_PORT = Number(env.DEMO_BOT_PORT ?? 3978);
  const first = Number(env.PLAYGROUND_PORT ?? 56150);
  const PORTS = (env.DEMO_PLAYGROUND_PORTS?.split(',') ?? WITH_PLAYGROUND.map((_, i) => first + i)).map(Number);
  if (PORTS.length !== WITH_PLAYGROUND.length || PORTS.some(p => !(p > 0))) {
    throw new Error(`DEMO_PLAYGROUND_PORTS needs ${WITH_PLAYGROUND.length} ports (${WITH_PLAYGROUND.map(p => p.given).join(', ')})`);
  }
  // Azurite's well-known development account (public, the same in every Azurite).
  const ACCOUNT = 'devstoreaccount1';
  const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const TABLE_PREFIX = env.Storage__TablePrefix ?? 'cx';

  const children = [];
  const playgrounds = [];
  let stopping = false;
  const stop = async code => {
    if (stopping) return;
    stopping = true;
    playgrounds.forEach(p => p.close());
    const signal = sig => children.forEach(child => { try { process.kill(-child.pid, sig(child)); } catch { /* already gone */ } });
    // Azurite saves its data when it stops on SIGINT (it ignores SIGTERM): a SIGKILL would lose the last seconds of writes.
    signal(child => (child.name === 'azurite' ? 'SIGINT' : 'SIGTERM'));
    for (let i = 0; i < 100 && children.length; i++) await new Promise(r => setTimeout(r, 100));
    signal(() => 'SIGKILL');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
  if (env.DEMO_STOP_ON_STDIN_END) {
    // A test that started the demo closes its stdin to stop it, as Ctrl-C would.
    process.stdin.on('end', () => stop(0)).resume();
  }

  /** Starts a process in its own process group (so it and whatever it starts stop together), output to a log file. */
  const start = (name, command, args, options = {}) => {
    const log = fs.openSync(path.join(DATA, `${name}.log`), 'a');
    const child = spawn(command, args, { cwd: ROOT, ...options, env: { ...env, ...options.env }, stdio: ['ignore', log, log], detached: true });
    child.name = name;
    children.push(child);
    child.on('exit', () => children.includes(child) && children.splice(children.indexOf(child), 1));
    return child;
  };

  try {
    fs.mkdirSync(DATA, { recursive: true });
    for (const port of [BOT_PORT, ...PORTS]) {
      if (await listening(port)) throw new Error(`Port ${port} is taken; set PLAYGROUND_PORT (or DEMO_BOT_PORT) to free ports, or stop what uses it.`);
    }

    if (await listening(AZURITE_PORT)) {
      console.log(`Something already listens on 127.0.0.1:${AZURITE_PORT}; using it as Azurite.`);
    } else {
      startAzurite();
      await waitFor(() => listening(AZURITE_PORT), `Azurite on ${AZURITE_PORT}`, 30_000);
      console.log(`Azurite (tables) on http://127.0.0.1:${AZURITE_PORT}, data in ${path.relative(ROOT, DATA) || '.'}/`);
    }

    console.log(env.DEMO_BOT_DLL ? 'Starting CxBot...' : 'Building and starting CxBot (dotnet run --project bot)...');
    const bot = startBot();
    bot.on('exit', code => {
      if (stopping) return;
      const last = fs.readFileSync(path.join(DATA, 'bot.log'), 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      console.error(`CxBot stopped (exit ${code}). The end of its log (${path.join(DATA, 'bot.log')}):\n${last}`);
      stop(1);
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${BOT_PORT}/readyz`).catch(() => null))?.ok, 'CxBot\'s /readyz (the first build can take minutes)', 900_000);
    console.log(`CxBot on http://127.0.0.1:${BOT_PORT}  (health: /healthz, readiness: /readyz; log in ${path.relative(ROOT, DATA) || '.'}/bot.log)`);

    // All at once, each in a folder of its own (its config file and whatever it writes beside it).
    playgrounds.push(...await Promise.all(WITH_PLAYGROUND.map((person, i) => startPlayground(person, PORTS[i]))));

    console.log(`\nThe demo team: ${TEAM.name}, with CxBot in its General channel. Open a Playground to be that person:`);
    for (const p of playgrounds) console.log(`  http://127.0.0.1:${p.port}  ${p.person.name.padEnd(16)} ${p.person.role}`);
    console.log('In a personal chat just type (help, scorecard, team incidents...). In the team\'s channels @mention CxBot first');
    console.log('(type @CxBot, pick it, then the command): Teams gives a bot only the channel messages that mention it.');

    if (await seeded()) {
      console.log(`\nThe demo tenant is already seeded (its data is in ${path.relative(ROOT, DATA) || '.'}/): nothing added. Delete that folder to start again.`);
    } else {
      console.log('\nSeeding the demo through the Playgrounds (once; kept for the next runs):');
      const started = Date.now();
      await seed(Object.fromEntries(playgrounds.map(p => [p.person.key, p])));
      console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    console.log('\nThe demo is ready. Ctrl-C stops everything.');
  } catch (error) {
    console.error(`\nThe demo did not start: ${error.message ?? error}`);
    console.error(`Logs: ${DATA}/*.log. If seeding failed half-way, delete ${path.relative(ROOT, DATA) || DATA}/ and run again.`);
    stop(1);
  }

  /** Azurite, restarted 5 s after it stops: the bot keeps running meanwhile and its /readyz answers 503. */
  function startAzurite() {
    const azurite = start('azurite', path.join(ROOT, 'node_modules', '.bin', 'azurite-table'),
      ['--tableHost', '127.0.0.1', '--tablePort', String(AZURITE_PORT), '--location', DATA, '--skipApiVersionCheck', '--disableTelemetry', '--silent']);
    azurite.on('exit', () => {
      if (stopping) return;
      console.error('Azurite stopped; restarting it in 5 s (the bot\'s /readyz answers 503 meanwhile).');
      setTimeout(() => stopping || startAzurite(), 5000).unref();
    });
  }

  function startBot() {
    const botEnv = {
      ASPNETCORE_ENVIRONMENT: env.ASPNETCORE_ENVIRONMENT ?? 'Development',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1',
      Urls: `http://127.0.0.1:${BOT_PORT}`,
      // The scorecard's trend weeks are rolled up in the background: every minute in the demo (15 by default; looked for
      // every 15 s, not every minute), so the seeded days of last week show in the chart within about a minute.
      Scorecards__RollupEvery: env.Scorecards__RollupEvery ?? '00:01:00',
      Scorecards__CheckEvery: env.Scorecards__CheckEvery ?? '00:00:15',
      ...(AZURITE_PORT === 10002 ? {} : {
        ConnectionStrings__Storage: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};TableEndpoint=http://127.0.0.1:${AZURITE_PORT}/${ACCOUNT}`,
      }),
    };
    return env.DEMO_BOT_DLL
      ? start('bot', 'dotnet', [env.DEMO_BOT_DLL], { cwd: path.dirname(env.DEMO_BOT_DLL), env: botEnv })
      : start('bot', 'dotnet', ['run', '--project', 'bot', '--no-launch-profile'], { env: botEnv });
  }

  /** A Playground with <person> as its current user, pointed at the bot, its stream connected. */
  async function startPlayground(person, port) {
    const dir = path.join(DATA, 'playgrounds', person.key);
    fs.mkdirSync(dir, { recursive: true });
    const config = path.join(dir, '.m365agentsplayground.yml');
    fs.writeFileSync(config, playgroundConfig(person));
    start(`playground-${person.key}`, process.execPath,
      [path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'), 'start', '-e', `http://127.0.0.1:${BOT_PORT}/api/messages`,
        '-c', 'msteams', '-p', String(port), '--service-url', `http://127.0.0.1:${port}/_connector`, '--disable-telemetry'],
      {
        cwd: dir,
        env: {
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
          // It has no host option and would listen on every interface: the preload binds it to 127.0.0.1.
          NODE_OPTIONS: `--require ${path.join(ROOT, 'bot', 'dev', 'loopback-only.cjs')}`,
        },
      });
    await waitFor(() => listening(port), `${person.name}'s Playground on ${port}`, 60_000);
    const playground = new Playground(person, port);
    await playground.connect();
    return playground;
  }

  /** True when the demo team is in the demo tenant's setup: read (never written) from the bot's Setup table. */
  async function seeded() {
    const resource = `/${ACCOUNT}/${TABLE_PREFIX}Setup()`;
    const filter = `PartitionKey eq '${TENANT_ID}' and RowKey eq 'team~${TEAM.id}'`;
    const date = new Date().toUTCString();
    const signature = crypto.createHmac('sha256', Buffer.from(KEY, 'base64')).update(`${date}\n/${ACCOUNT}${resource}`, 'utf8').digest('base64');
    const response = await fetch(`http://127.0.0.1:${AZURITE_PORT}${resource}?$filter=${encodeURIComponent(filter)}&$top=1`, {
      headers: { 'x-ms-date': date, 'x-ms-version': '2020-12-06', accept: 'application/json;odata=nometadata', authorization: `SharedKeyLite ${ACCOUNT}:${signature}` },
    });
    if (response.status === 404) return false; // no Setup table yet
    if (!response.ok) throw new Error(`Azurite answered ${response.status} to the check for an earlier demo: ${await response.text()}`);
    return (await response.json()).value.length > 0;
  }
}

function listening(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(condition, what, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeout / 1000} s waiting for ${what}`);
}
