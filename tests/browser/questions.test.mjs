// Issue "Predict, then watch": the class answers a lesson's question from their browsers. The
// window (`scaleout gui --classroom LESSON` under Xvfb, driven through --control-stdin) plays a
// lesson whose step asks a question; headless Chromium pages join the classroom page through the
// balancer and answer; a stock socket.io-client in the teacher's room hears every vote; the
// window's tally (its summary, from its view model over the servers' own counts) shows the split
// of the votes, a changed vote replacing the first, the vote closing with Continue and the answer
// revealed on every page. Without the adapter each server counts only its own students' votes:
// the window shows the tally split per server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaleoutBinary, connect, collect, waitFor } from "../interop/lib/harness.mjs";
import { launchChromium, openStudent, waitForQuestion } from "./lib/browser.mjs";
import { openWindow } from "./lib/window.mjs";

const markupName = "<img src=x onerror=alert(1)>";
const lessonPath = new URL("./data/question-lesson.yaml", import.meta.url).pathname;

async function startLesson(file, extra = []) {
  const window = openWindow(scaleoutBinary, ["--classroom", "--classroom-address", "127.0.0.1", ...extra, file]);
  const pageUrl = (await window.waitForOutput(/classroom page at (http:\/\/\S+)/))[1];
  return { window, pageUrl };
}

async function closeAll(window, browser, sockets) {
  for (const socket of sockets) socket.disconnect();
  await browser?.close();
  const { code, left } = await window.close();
  assert.equal(code, 0, window.output());
  assert.equal(left, "", `processes left behind:\n${left}`);
}

test("three pages answer the lesson's question: the window's tally and the teacher's room see every vote", async () => {
  const { window, pageUrl } = await startLesson(lessonPath);
  const browser = await launchChromium();
  const sockets = [];
  try {
    // The lesson plays; its first step stops for the question and every server holds it.
    await window.summaryWhen((s) => s.question?.state === "asking" && s.question.tally.present,
      "the lesson's question asked", 90000);
    // Pages that join while it is asked get it at once (on connection).
    const mallory = await openStudent(browser, pageUrl, { name: markupName, room: "lobby" });
    const bora = await openStudent(browser, pageUrl, { name: "보라", room: "lobby", locale: "ko-KR" });
    const chidi = await openStudent(browser, pageUrl, { name: "Chidi", room: "lobby" });
    const students = [mallory, bora, chidi];
    for (const student of students) await waitForQuestion(student.page, "open");
    assert.equal((await bora.question()).text, "c1의 메시지를 Redis에서 듣는 서버는?");
    assert.deepEqual((await chidi.question()).choices.map((c) => c.text), ["s1 only", "s2 only", "both"]);
    const servers = new Set([await mallory.server(), await bora.server(), await chidi.server()]);
    assert.deepEqual([...servers].sort(), ["s1", "s2"], "the pages are spread over both servers");

    // A stock client in the teacher's room, through the same balancer.
    const { socket: teacher } = await connect(pageUrl, { auth: { name: "teacher-dashboard" } });
    sockets.push(teacher);
    const votes = collect(teacher, "voted");
    await teacher.timeout(3000).emitWithAck("join", "teacher");

    await mallory.answer(2);
    await bora.answer(2);
    await chidi.answer(0);
    await waitFor(() => votes.length >= 3, "three votes in the teacher's room", 10000);
    const byName = Object.fromEntries(votes.map((vote) => [vote.name, vote]));
    assert.deepEqual(Object.keys(byName).sort(), ["Chidi", markupName, "보라"].sort());
    assert.equal(byName[markupName].choice, 2);
    assert.equal(byName["보라"].choice, 2);
    assert.equal(byName.Chidi.choice, 0);
    assert.equal(byName[markupName].server, await mallory.server());
    assert.equal(byName["보라"].server, await bora.server());
    for (const vote of votes) {
      assert.equal(vote.question, "ask");
      assert.match(vote.mid, /^s\d-\d+$/);
    }

    // The window's tally: three votes, split 1 / 0 / 2, the same on both servers (Redis carried
    // each vote to the other one).
    const shown = await window.summaryWhen((s) => s.question.tally.votes === 3, "three votes in the window's tally");
    assert.deepEqual(shown.question.tally.counts, [1, 0, 2]);
    assert.equal(shown.question.tally.split, false);
    assert.deepEqual(shown.question.tally.servers.map((s) => s.server), ["s1", "s2"]);
    for (const server of shown.question.tally.servers) assert.deepEqual(server.counts, [1, 0, 2]);
    // The student named with markup is listed by those characters.
    assert.ok(shown.question.tally.latest.some((vote) => vote.name === markupName), JSON.stringify(shown.question));

    // A fourth vote from the same page replaces its first, everywhere.
    await mallory.answer(1);
    await waitFor(() => votes.length >= 4, "the changed vote in the teacher's room", 10000);
    assert.equal(votes[3].voter, byName[markupName].voter);
    assert.equal(votes[3].choice, 1);
    const changed = await window.summaryWhen((s) => s.question.tally.counts[1] === 1, "the changed vote in the window");
    assert.deepEqual(changed.question.tally.counts, [1, 1, 1]);
    assert.equal(changed.question.tally.votes, 3);
    const page = await mallory.question();
    assert.deepEqual(page.choices.map((c) => c.chosen), [false, true, false]);

    // Continue: the vote closes, the step plays, and once it is done every page shows the answer.
    window.send("continue");
    for (const student of students) await waitForQuestion(student.page, "revealed", 60000);
    for (const student of students) {
      const revealed = await student.question();
      assert.deepEqual(revealed.choices.map((c) => c.right), [false, false, true]);
      assert.ok(revealed.choices.every((c) => c.disabled));
      assert.ok(revealed.explanation.length > 20, JSON.stringify(revealed));
    }
    assert.match((await bora.question()).says, /정답/);
    assert.match((await chidi.question()).says, /You answered 1; the answer is 3/);
    const late = await teacher.timeout(3000).emitWithAck("answer", { question: "ask", choice: 0 });
    assert.deepEqual(late, { error: "voting is closed" });
    const end = await window.summaryWhen((s) => s.question.state === "revealed", "the answer in the window");
    assert.deepEqual(end.question.tally.counts, [1, 1, 1]);
    assert.equal(end.lesson.failed, 0, JSON.stringify(end.lesson));

    for (const student of students) {
      assert.equal(await student.page.locator("img").count(), 0, "no <img> element on the page");
      assert.deepEqual(student.problems, []);
    }
  } finally {
    await closeAll(window, browser, sockets);
  }
});

test("without the adapter each server counts only the votes cast on it: the window shows the tally split per server", async () => {
  const dir = mkdtempSync(join(tmpdir(), "questions-test-"));
  const memoryLesson = join(dir, "memory.yaml");
  writeFileSync(memoryLesson, readFileSync(lessonPath, "utf8").replace("adapter: redis", "adapter: memory"));
  // Paused: the pages join first, and get the question when it is asked (a broadcast to them).
  const { window, pageUrl } = await startLesson(memoryLesson, ["--paused"]);
  const browser = await launchChromium();
  const sockets = [];
  try {
    await window.summaryWhen((s) => s.lesson?.phase === "running", "the lesson's world", 90000);
    const ada = await openStudent(browser, pageUrl, { name: "Ada", room: "lobby" });
    const bora = await openStudent(browser, pageUrl, { name: "Bora", room: "lobby" });
    assert.deepEqual([await ada.server(), await bora.server()].sort(), ["s1", "s2"]);
    const { socket: teacher, welcome } = await connect(pageUrl, { auth: { name: "teacher-dashboard" } });
    sockets.push(teacher);
    const votes = collect(teacher, "voted");
    await teacher.timeout(3000).emitWithAck("join", "teacher");

    window.send("continue");
    await waitForQuestion(ada.page, "open", 60000);
    await waitForQuestion(bora.page, "open", 60000);
    await ada.answer(0);
    await bora.answer(1);
    const split = await window.summaryWhen((s) => s.question?.tally.votes === 2, "both votes in the window");
    const tally = split.question.tally;
    assert.equal(tally.split, true, JSON.stringify(tally));
    const counted = Object.fromEntries(tally.servers.map((s) => [s.server, s.counts]));
    const adaOn = await ada.server();
    const boraOn = await bora.server();
    assert.deepEqual(counted[adaOn], [1, 0, 0]);
    assert.deepEqual(counted[boraOn], [0, 1, 0]);
    // The teacher's client hears only the vote cast on its own server.
    await waitFor(() => votes.length >= 1, "a vote in the teacher's room", 10000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(votes.length, 1, JSON.stringify(votes));
    assert.equal(votes[0].server, welcome.server);
  } finally {
    await closeAll(window, browser, sockets);
    rmSync(dir, { recursive: true, force: true });
  }
});
