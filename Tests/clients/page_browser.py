"""rag serve's page in a real browser (Debian's headless Chromium, through devtools.py), as a
student uses it: a question, a follow-up that leans on it, a source opened, a new conversation,
and a question kept to one folder by the scope picker. Exits 1 naming what the page got wrong.

    python3 Tests/clients/page_browser.py BASE_URL FOLDER QUESTION FOLLOW_UP SCOPED_QUESTION

FOLDER is a folder of the served notes (absolute, as the store has it). Prints one JSON summary.
"""
import json, os, sys, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import Browser

base, folder, question, follow_up, scoped = sys.argv[1:6]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def turns(browser):
    return browser.evaluate("""[...document.querySelectorAll('#thread .turn')].map(t => ({
        question: t.querySelector('.question').textContent,
        searched: t.querySelector('.searched').hidden ? null : t.querySelector('.searched').textContent,
        answer: t.querySelector('.answer').textContent,
        streaming: t.querySelector('.answer').classList.contains('streaming'),
        sources: [...t.querySelectorAll('.sources li button')].map(b => b.title),
        passageHere: t.contains(document.getElementById('passage')) && !document.getElementById('passage').hidden}))""")


# A question and its follow-up, asked through the address (as a link to the page would), then the first source of the last answer opened.
url = f"{base}/?" + urllib.parse.urlencode([("q", question), ("q", follow_up), ("open", "1")])
browser = Browser(url)
try:
    done = browser.wait("document.body.dataset.asked === '2' || document.body.dataset.state === 'failed'")
    check(done, "the page did not finish its two questions within 5 minutes")
    check(browser.evaluate("document.body.dataset.state") != "failed", "status: " + str(browser.evaluate("document.getElementById('status').textContent")))
    browser.wait("document.body.dataset.state === 'passage-open'", seconds=30)
    thread = turns(browser)
    check([t["question"] for t in thread] == [question, follow_up], f"the thread holds the two questions in order: {thread}")
    if len(thread) == 2:
        first, second = thread
        for turn in thread:
            check(turn["answer"].strip() and not turn["streaming"], f"an answer streamed in and ended: {turn}")
            check(turn["sources"], f"each answer lists its sources: {turn}")
        check(first["searched"] is None, f"a question that stands alone is searched as asked: {first}")
        check(second["searched"] and second["searched"].startswith("searched as: " + follow_up + " — "),
              f"the follow-up says what it was searched as (with the topic of the turn before): {second}")
        check(second["passageHere"], "the opened source shows under the turn that cited it")
        passage = browser.evaluate("document.getElementById('passage-text').textContent")
        check(len(passage) > 40, f"the opened source shows its passage whole: {passage!r}")
    options = browser.evaluate("[...document.querySelectorAll('#scope option')].map(o => o.value)")
    check(folder in options, f"the scope picker offers {folder}: {options}")

    # A new conversation: the thread empties, and the next question stands alone.
    browser.evaluate("document.getElementById('new').click()")
    check(browser.evaluate("document.querySelectorAll('#thread .turn').length") == 0, "New conversation empties the thread")
    check(browser.evaluate("document.getElementById('new').hidden"), "New conversation hides itself until the next question")

    # The scope picker: the next question searches only the folder picked.
    browser.evaluate(f"document.getElementById('scope').value = {json.dumps(folder)}")
    browser.evaluate(f"document.getElementById('question').value = {json.dumps(scoped)}")
    browser.evaluate("document.getElementById('go').click()")
    browser.wait("document.querySelectorAll('#thread .turn').length === 1 && ['answered', 'failed'].includes(document.body.dataset.state)")
    thread = turns(browser)
    check(len(thread) == 1 and thread[0]["question"] == scoped and thread[0]["searched"] is None, f"a new conversation's first question: {thread}")
    if thread:
        check(thread[0]["sources"] and all(s.startswith(folder + "/") for s in thread[0]["sources"]),
              f"every source of a scoped question is under {folder}: {thread[0]['sources']}")
    check(browser.evaluate("document.getElementById('question').value") == "", "the question box empties once asked")
finally:
    browser.close()

print(json.dumps({"failures": failures}))
sys.exit(1 if failures else 0)
