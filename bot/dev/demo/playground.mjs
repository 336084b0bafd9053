// A small client for one running Agents Playground, as a person uses it: type in a chat, press a card's button, read what
// the bot sent (the Playground's WebSocket stream) and what a button answered (the invoke's HTTP answer).

const WAIT = 30_000;

export class Playground {
  constructor(person, port) {
    this.person = person;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.events = [];
    this.waiters = new Set();
  }

  /** Connects to the stream; the port can accept a moment before the stream does, so it tries a few times. */
  async connect() {
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${this.port}/_ws_conversation/v1/conversations/stream`);
          socket.onopen = () => { this.socket = socket; resolve(); };
          socket.onerror = () => reject(new Error(`${this.person.name}'s Playground stream did not open`));
          socket.onmessage = message => this.#received(JSON.parse(message.data));
        });
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(300);
      }
    }
  }

  close() {
    this.socket?.close();
  }

  #received(event) {
    this.events.push(event);
    for (const waiter of this.waiters) waiter(event);
  }

  /** The app is installed in the conversation (the person opens their chat, or adds CxBot to the team). */
  async install(conversationId) {
    await this.#post(`/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
  }

  /** The person types <text> in the conversation. Returns how many events were seen before, to wait for what follows. */
  async type(conversationId, text) {
    const mark = this.events.length;
    await this.#post(`/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      { from: { id: this.person.id }, text, textFormat: 'plain' });
    return mark;
  }

  /** In a channel: the person @mentions <bot> and types <text> after it, as Teams sends it (the Playground adds the mention entity). */
  async mention(conversationId, bot, text) {
    const mark = this.events.length;
    const at = `<at>${bot.name}</at>`;
    await this.#post(`/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      from: { id: this.person.id }, text: `${at} ${text}`, textFormat: 'plain',
      mentions: [{ mentioned: { id: bot.id }, text: at }],
    });
    return mark;
  }

  /** Teams says people joined the team (the Playground's "Mock an Activity > Add user"): by ids only, as Teams does. */
  async addTeamMembers(teamId, people) {
    const url = `${this.base}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(teamId)}&type=userAdded`;
    const activity = await (await fetch(url)).json();
    activity.membersAdded = people.map(p => ({ id: p.id, aadObjectId: p.aad }));
    await this.#post('/_internal/v1/customActivities', activity);
  }

  /** The person presses an Action.Execute button with <verb> and <data> on the message <event> in its conversation. */
  async press(event, verb, data) {
    const response = await fetch(`${this.base}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        from: { id: this.person.id },
        conversation: { id: event.message?.postConversationId ?? event.actionConversationId },
        replyToId: event.message.messageId,
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${this.person.name} pressed ${verb}: the Playground answered ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** The first event (since <from>, an index into the events seen) in <conversationId> that <match> accepts. */
  waitFor(conversationId, match, from = 0, what = 'a message', timeout = WAIT) {
    const accepts = e => inConversation(e, conversationId) && match(e);
    const earlier = this.events.slice(from).find(accepts);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter = event => {
        if (!accepts(event)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events.slice(from).map(e => `${e.actionConversationId}: ${JSON.stringify(e).slice(0, 300)}`);
        reject(new Error(`${this.person.name} waited ${timeout / 1000} s for ${what} in ${conversationId}; seen since:\n${seen.join('\n')}`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** The first card (since <from>) in <conversationId> with a button or input for <verb>. */
  waitForVerb(conversationId, verb, from = 0, timeout = WAIT) {
    return this.waitFor(conversationId, e => hasVerb(e, verb), from, `a card with "${verb}"`, timeout);
  }

  /**
   * Types <text> until the answer is a card with <verb>: a command typed while the bot still takes in an earlier event (the
   * install that makes the first admin, a member added) can be answered as of before it.
   */
  async typeUntilCard(conversationId, text, verb) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.waitForVerb(conversationId, verb, await this.type(conversationId, text), attempt < 20 ? 1500 : WAIT);
      } catch (error) {
        if (attempt >= 20) throw error;
      }
    }
  }

  async #post(path, body) {
    const response = await fetch(this.base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${this.person.name}'s Playground answered ${response.status} to ${path}: ${await response.text()}`);
  }
}

/** A message or update in the conversation (a channel's posts are threads under its id). */
export function inConversation(event, conversationId) {
  const id = event.actionConversationId;
  return id === conversationId || id?.startsWith(conversationId + ';');
}

/** Every object in an event or answer, depth first; a card may travel as a JSON string. */
export function* objects(node) {
  if (typeof node === 'string') {
    if (node.trimStart().startsWith('{')) {
      try { yield* objects(JSON.parse(node)); } catch { /* text that only looks like JSON */ }
    }
  } else if (Array.isArray(node)) {
    for (const item of node) yield* objects(item);
  } else if (node && typeof node === 'object') {
    yield node;
    for (const value of Object.values(node)) yield* objects(value);
  }
}

export const hasVerb = (node, verb) => [...objects(node)].some(o => o.verb === verb || o.data?.verb === verb);
export const hasText = (node, text) => JSON.stringify(node).includes(JSON.stringify(text).slice(1, -1));

/** The value of the choice titled <title> in the choice set <inputId> of a card. */
export function choiceValue(node, inputId, title) {
  const choices = [...objects(node)].filter(o => o.id === inputId && Array.isArray(o.choices)).flatMap(o => o.choices);
  const found = title === undefined ? choices[0] : choices.find(c => c.title === title);
  if (!found) throw new Error(`No "${title ?? 'choice'}" in ${inputId}: ${choices.map(c => c.title).join(', ')}`);
  return found.value;
}

/** A form's submission token (in its buttons' data). */
export function tokenIn(node) {
  const token = [...objects(node)].map(o => o.token).find(t => typeof t === 'string' && t.length > 0);
  if (!token) throw new Error('No token in the card');
  return token;
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));
