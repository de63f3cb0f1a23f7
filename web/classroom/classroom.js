// classroom.js: the classroom chat page's one script. A stock socket.io-client (served by our
// servers at /socket.io/socket.io.min.js, as Node's socket.io serves it) connects to where the
// page came from, sends the student's name in the CONNECT auth ({name}), joins the room, and
// shows every message with the path it took: its mid, the server it was said on, and whether it
// crossed Redis to reach this student's server. Reconnections are shown as they happen, and the
// room is joined again after each one.
//
// The lesson's questions: when the teacher's player asks one, every server sends it to its own
// students ("class_question": open, then closed when the step plays, then revealed with the
// answer). A tap on a choice is an "answer" event to this student's server, which counts it and
// passes it on through the adapter; tapping another choice replaces the first until voting
// closes. The page sends a voter id of its own (kept in localStorage) in the CONNECT auth, so that
// a reconnection, even to another server, is still the same voter.
//
// Everything a person typed is put on the page with textContent, never as markup. The page can
// only chat and answer: the demo app's events are all the servers answer, and there is no teacher
// control.
"use strict";

(() => {
  const STRINGS = {
    en: {
      title: "Classroom chat",
      intro:
        "You are about to join a cluster of Socket.IO servers. Your teacher's screen shows every " +
        "student, the server each one landed on, and every message on its way.",
      name: "Your name",
      room: "Room",
      joinButton: "Join",
      you: "You",
      server: "Server",
      connection: "Connection",
      send: "Send",
      leave: "Change name or room",
      otherLanguage: "한국어",
      connecting: "connecting…",
      offline: "offline",
      anonymous: "no name",
      sameServer: "same server",
      viaRedis: "via Redis",
      joined: (room, server) => `You joined ${room} on server ${server}.`,
      lost: (reason) => `Connection lost (${reason}). Reconnecting…`,
      attempt: (n) => `Reconnecting, attempt ${n}…`,
      unreachable: (why) => `Cannot reach the cluster (${why}); trying again.`,
      reconnected: (before, now) =>
        before === now
          ? `Reconnected to server ${now}; back in the room.`
          : `Reconnected: now on server ${now} (was ${before}); back in the room.`,
      upgraded: (transport) => `The connection moved to ${transport}.`,
      pathSame: (server) => `said on ${server}, your server: Redis not needed`,
      pathCrossed: (from, to) => `said on ${from} → Redis → ${to}, your server`,
      refused: (why) => `The server refused: ${why}`,
      notSent: (why) => `Not sent: ${why}`,
      noAnswer: "Not sent: no answer from the server within 5 seconds.",
      questionFrom: "A question before the next step",
      voteOpen: "Predict what will happen, and tap your answer. You can change it until the step plays.",
      voted: (n) => `Your answer: ${n}. You can still change it until the step plays.`,
      closed: "Voting is closed: watch the teacher's screen.",
      closedVoted: (n) => `Voting is closed (your answer: ${n}): watch the teacher's screen.`,
      revealedRight: (n) => `You answered ${n}: right!`,
      revealedWrong: (mine, right) => `You answered ${mine}; the answer is ${right}.`,
      revealedAnswer: (right) => `The answer is ${right}.`,
      revealedOpinion: "No answer is right or wrong here.",
      voteRefused: (why) => `Not counted: ${why}`,
      voteTimeout: "no answer from the server within 5 seconds",
    },
    ko: {
      title: "교실 채팅",
      intro:
        "여러 대의 Socket.IO 서버로 이루어진 클러스터에 접속합니다. 선생님 화면에 모든 학생과 " +
        "각자 연결된 서버, 그리고 오가는 모든 메시지가 보입니다.",
      name: "이름",
      room: "방",
      joinButton: "입장",
      you: "나",
      server: "서버",
      connection: "연결",
      send: "보내기",
      leave: "이름이나 방 바꾸기",
      otherLanguage: "English",
      connecting: "연결 중…",
      offline: "연결 끊김",
      anonymous: "이름 없음",
      sameServer: "같은 서버",
      viaRedis: "Redis 경유",
      joined: (room, server) => `${server} 서버에서 ${room} 방에 들어왔습니다.`,
      lost: (reason) => `연결이 끊겼습니다 (${reason}). 다시 연결하는 중…`,
      attempt: (n) => `다시 연결하는 중, ${n}번째 시도…`,
      unreachable: (why) => `클러스터에 연결할 수 없습니다 (${why}). 다시 시도합니다.`,
      reconnected: (before, now) =>
        before === now
          ? `${now} 서버에 다시 연결되어 방에 돌아왔습니다.`
          : `다시 연결됨: 이제 ${now} 서버입니다 (이전 ${before}). 방에 돌아왔습니다.`,
      upgraded: (transport) => `연결이 ${transport}(으)로 바뀌었습니다.`,
      pathSame: (server) => `${server}에서 보냄, 내 서버와 같음: Redis 필요 없음`,
      pathCrossed: (from, to) => `${from}에서 보냄 → Redis → 내 서버 ${to}`,
      refused: (why) => `서버가 거절했습니다: ${why}`,
      notSent: (why) => `보내지 못했습니다: ${why}`,
      noAnswer: "보내지 못했습니다: 5초 안에 서버의 응답이 없습니다.",
      questionFrom: "다음 단계 전에 질문",
      voteOpen: "무슨 일이 일어날지 예측해서 답을 누르세요. 단계가 진행되기 전까지 바꿀 수 있습니다.",
      voted: (n) => `내 답: ${n}번. 단계가 진행되기 전까지 바꿀 수 있습니다.`,
      closed: "투표가 끝났습니다. 선생님 화면을 보세요.",
      closedVoted: (n) => `투표가 끝났습니다(내 답: ${n}번). 선생님 화면을 보세요.`,
      revealedRight: (n) => `${n}번이라고 답했습니다. 정답입니다!`,
      revealedWrong: (mine, right) => `${mine}번이라고 답했습니다. 정답은 ${right}번입니다.`,
      revealedAnswer: (right) => `정답은 ${right}번입니다.`,
      revealedOpinion: "여기에는 정답도 오답도 없습니다.",
      voteRefused: (why) => `반영되지 않았습니다: ${why}`,
      voteTimeout: "5초 안에 서버의 응답이 없습니다",
    },
  };
  const MAX_ENTRIES = 300;

  const $ = (id) => document.getElementById(id);
  const view = {
    join: $("join"),
    joinError: $("join-error"),
    name: $("name"),
    room: $("room"),
    chat: $("chat"),
    meName: $("me-name"),
    meRoom: $("me-room"),
    meServer: $("me-server"),
    meLink: $("me-link"),
    messages: $("messages"),
    say: $("say"),
    text: $("text"),
    leave: $("leave"),
    language: $("language"),
    question: $("question"),
    questionText: $("question-text"),
    choices: $("choices"),
    questionState: $("question-state"),
    questionExplain: $("question-explain"),
  };

  const state = {
    language: chooseLanguage(),
    socket: null,
    name: "",
    room: "",
    server: null, // the server this page is connected to now
    lastServer: null, // the one before a reconnection
    inRoom: false, // joined on the current connection
    connectedOnce: false,
    entries: [], // what the message list shows, kept to draw it again in another language
    voter: voterId(),
    question: null, // the teacher's question on show: what the server sent, and our vote
    mine: null, // the choice this page voted for (0-based), or null
    voteError: "",
  };

  function text() {
    return STRINGS[state.language];
  }

  function chooseLanguage() {
    const asked = new URLSearchParams(location.search).get("lang");
    const saved = remembered("language");
    const wanted = asked || saved || navigator.language || "en";
    return wanted.toLowerCase().startsWith("ko") ? "ko" : "en";
  }

  function remembered(key) {
    try {
      return localStorage.getItem(`classroom.${key}`) || "";
    } catch {
      return "";
    }
  }

  function remember(key, value) {
    try {
      localStorage.setItem(`classroom.${key}`, value);
    } catch {
      // Private browsing: nothing is remembered, nothing breaks.
    }
  }

  // A random id for this browser, kept so that a reload or a reconnection votes as the same
  // student. crypto.getRandomValues works on plain http (randomUUID needs a secure context).
  function voterId() {
    let id = remembered("voter");
    if (!/^[0-9a-f]{16,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(12));
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      remember("voter", id);
    }
    return id;
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // ---- what the page says ---------------------------------------------------------------

  function drawStaticText() {
    document.documentElement.lang = state.language;
    for (const node of document.querySelectorAll("[data-text]")) {
      node.textContent = text()[node.dataset.text];
    }
    document.title = `Scaleout Sandbox · ${text().title}`;
    view.language.textContent = text().otherLanguage;
    view.language.lang = state.language === "ko" ? "en" : "ko";
    drawStatus();
    drawQuestion();
  }

  function drawStatus() {
    view.meName.textContent = state.name;
    view.meRoom.textContent = state.room;
    view.meServer.textContent = state.server ?? "–";
    const socket = state.socket;
    const connected = Boolean(socket && socket.connected);
    if (connected) {
      view.meLink.textContent = socket.io.engine.transport.name;
    } else {
      view.meLink.textContent = socket && socket.active ? text().connecting : text().offline;
    }
    view.chat.classList.toggle("offline", !connected);
    // For the tests and the stylesheet: offline, connecting (not in the room yet) or joined.
    view.chat.dataset.state = !connected ? "offline" : state.inRoom ? "joined" : "connecting";
  }

  // ---- the teacher's question -----------------------------------------------------------

  // A text of the question in the page's language ({en, ko}; Korean falls back to English).
  function inLanguage(textPair) {
    if (!textPair || typeof textPair !== "object") return "";
    const wanted = textPair[state.language];
    return typeof wanted === "string" && wanted ? wanted : String(textPair.en ?? "");
  }

  function validQuestion(q) {
    return q && typeof q === "object" && typeof q.id === "string" && Array.isArray(q.choices) &&
      q.choices.length >= 2 && q.choices.length <= 5 && ["open", "closed", "revealed"].includes(q.state);
  }

  function onQuestion(q) {
    if (q === null) {
      state.question = null;
    } else if (validQuestion(q)) {
      const same = state.question && state.question.id === q.id;
      if (!same) state.mine = null;
      // The server knows this voter's vote (cast here or heard from another server).
      if (Number.isInteger(q.yours)) state.mine = q.yours;
      state.question = q;
      state.voteError = "";
    } else {
      return;
    }
    drawQuestion();
  }

  function drawQuestion() {
    const q = state.question;
    view.question.hidden = !q;
    view.question.dataset.state = q ? q.state : "none";
    view.question.dataset.id = q ? q.id : "";
    if (!q) return;
    view.questionText.textContent = inLanguage(q.text);
    const right = q.state === "revealed" && Number.isInteger(q.answer) ? q.answer : null;
    view.choices.replaceChildren(...q.choices.map((choice, index) => {
      const button = element("button");
      button.type = "button";
      button.dataset.choice = String(index);
      button.append(element("span", "number", String(index + 1)), element("span", "choice-text", inLanguage(choice)));
      button.disabled = q.state !== "open";
      button.setAttribute("aria-pressed", String(state.mine === index));
      button.classList.toggle("chosen", state.mine === index);
      button.classList.toggle("right", right === index);
      button.classList.toggle("wrong", right !== null && state.mine === index && right !== index);
      button.addEventListener("click", () => vote(index));
      const item = element("li");
      item.append(button);
      return item;
    }));
    const mine = state.mine === null ? null : state.mine + 1;
    let words;
    if (state.voteError) words = text().voteRefused(state.voteError);
    else if (q.state === "open") words = mine === null ? text().voteOpen : text().voted(mine);
    else if (q.state === "closed") words = mine === null ? text().closed : text().closedVoted(mine);
    else if (right === null) words = text().revealedOpinion;
    else if (mine === null) words = text().revealedAnswer(right + 1);
    else words = mine === right + 1 ? text().revealedRight(mine) : text().revealedWrong(mine, right + 1);
    view.questionState.textContent = words;
    view.questionState.classList.toggle("error", Boolean(state.voteError));
    const explanation = q.state === "revealed" ? inLanguage(q.explain) : "";
    view.questionExplain.hidden = !explanation;
    view.questionExplain.textContent = explanation;
  }

  function vote(index) {
    const socket = state.socket;
    const q = state.question;
    if (!socket || !q || q.state !== "open") return;
    socket.timeout(5000).emit("answer", { question: q.id, choice: index }, (timedOut, reply) => {
      if (!state.question || state.question.id !== q.id) return;
      if (timedOut) state.voteError = text().voteTimeout;
      else if (reply && reply.error) state.voteError = String(reply.error);
      else {
        state.voteError = "";
        state.mine = index;
      }
      drawQuestion();
    });
  }

  function drawEntry(entry) {
    if (entry.kind === "note") {
      const [key, ...args] = entry.words;
      const words = text()[key];
      const item = element("li", `note ${entry.tone}`, typeof words === "function" ? words(...args) : words);
      item.dataset.note = key;
      return item;
    }
    const said = entry.said;
    const item = element("li", "message");
    item.dataset.mid = String(said.mid ?? "");
    item.dataset.server = String(said.server ?? "");
    if (said.from === entry.me) item.classList.add("mine");
    const crossed = said.server !== entry.receivedOn;
    item.classList.add(crossed ? "crossed" : "same");

    const head = element("div", "head");
    head.append(element("span", "name", typeof said.name === "string" ? said.name : text().anonymous));
    head.append(element("span", "time", entry.time));
    item.append(head);
    item.append(element("div", "text", typeof said.text === "string" ? said.text : JSON.stringify(said.text)));

    const path = element("div", "path");
    path.append(element("span", "tag", crossed ? text().viaRedis : text().sameServer));
    path.append(element("span", "route", crossed ? text().pathCrossed(said.server, entry.receivedOn) : text().pathSame(said.server)));
    path.append(element("span", "mid", `mid ${said.mid}`));
    item.append(path);
    return item;
  }

  function add(entry) {
    state.entries.push(entry);
    if (state.entries.length > MAX_ENTRIES) {
      state.entries.shift();
      view.messages.firstElementChild?.remove();
    }
    const nearBottom = view.messages.scrollHeight - view.messages.scrollTop - view.messages.clientHeight < 80;
    view.messages.append(drawEntry(entry));
    if (nearBottom) view.messages.scrollTop = view.messages.scrollHeight;
  }

  function note(tone, ...words) {
    add({ kind: "note", tone, words });
  }

  function redrawEntries() {
    view.messages.replaceChildren(...state.entries.map(drawEntry));
    view.messages.scrollTop = view.messages.scrollHeight;
  }

  // ---- the connection -------------------------------------------------------------------

  function join(name, room) {
    state.name = name;
    state.room = room;
    state.server = null;
    state.inRoom = false;
    state.connectedOnce = false;
    state.entries = [];
    view.messages.replaceChildren();
    view.join.hidden = true;
    view.chat.hidden = false;

    // Same origin: the balancer (or the server) this page came from.
    const socket = io({ auth: { name, voter: state.voter }, reconnectionDelayMax: 4000 });
    state.socket = socket;

    // Each (re)connection opens a new Engine.IO session, which starts on long-polling and
    // upgrades to WebSocket when it can.
    socket.io.on("open", () => {
      socket.io.engine.once("upgrade", (transport) => {
        note("info", "upgraded", transport.name);
        drawStatus();
      });
    });
    socket.on("connect", () => {
      socket.emit("join", room, (reply) => onJoined(socket, reply));
      drawStatus();
    });
    socket.on("welcome", (welcome) => {
      state.lastServer = state.server;
      state.server = String(welcome.server);
      drawStatus();
    });
    socket.on("class_question", onQuestion);
    socket.on("said", (said) => {
      if (said && typeof said === "object") {
        add({ kind: "said", said, me: socket.id, receivedOn: state.server, time: clock() });
      }
    });
    socket.on("disconnect", (reason) => {
      state.inRoom = false;
      note("warn", "lost", reason);
      drawStatus();
      // A server that shuts down says goodbye; the client would wait for us to reconnect.
      if (reason === "io server disconnect") setTimeout(() => socket === state.socket && socket.connect(), 1000);
    });
    socket.on("connect_error", (error) => {
      if (!socket.active) {
        // Refused by the server (a name it does not take): back to the form, with the reason.
        leave();
        view.joinError.textContent = text().refused(error.message);
        return;
      }
      note("warn", "unreachable", error.message);
      drawStatus();
    });
    socket.io.on("reconnect_attempt", (attempt) => {
      if (attempt > 1) note("warn", "attempt", attempt);
    });
    drawStatus();
  }

  function onJoined(socket, reply) {
    if (socket !== state.socket) return;
    if (reply && reply.error) {
      note("error", "refused", reply.error);
      return;
    }
    if (state.connectedOnce) {
      note("info", "reconnected", state.lastServer ?? "?", state.server);
    } else {
      note("info", "joined", state.room, state.server);
    }
    state.connectedOnce = true;
    state.inRoom = true;
    drawStatus();
  }

  function leave() {
    if (state.socket) {
      state.socket.removeAllListeners();
      state.socket.io.removeAllListeners();
      state.socket.disconnect();
      state.socket = null;
    }
    view.chat.hidden = true;
    view.join.hidden = false;
    view.joinError.textContent = "";
    state.question = null;
    drawQuestion();
  }

  function say(message) {
    const socket = state.socket;
    if (!socket) return;
    socket.timeout(5000).emit("say", { room: state.room, text: message }, (timedOut, reply) => {
      if (timedOut) note("error", "noAnswer");
      else if (reply && reply.error) note("error", "notSent", reply.error);
    });
  }

  function clock() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  // ---- the forms --------------------------------------------------------------------------

  view.name.value = remembered("name");
  view.room.value = remembered("room") || view.room.value;

  view.join.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = view.name.value.trim();
    const room = view.room.value.trim();
    if (!name || !room) return;
    remember("name", name);
    remember("room", room);
    join(name, room);
    view.text.focus();
  });

  view.say.addEventListener("submit", (event) => {
    event.preventDefault();
    const message = view.text.value.trim();
    if (!message) return;
    say(message);
    view.text.value = "";
  });

  view.leave.addEventListener("click", leave);

  view.language.addEventListener("click", () => {
    state.language = state.language === "ko" ? "en" : "ko";
    remember("language", state.language);
    drawStaticText();
    redrawEntries();
  });

  drawStaticText();
})();
