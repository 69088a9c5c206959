#!/usr/bin/env python3
"""Writes a large, valid catalogue for the benchmark: N modules of Q
questions each (every question type in turn), reproducibly (no randomness).

usage: gen_catalogue.py DIR MODULES QUESTIONS
"""
import os
import sys

TOPICS = ["strategy", "voice", "policy", "engagement"]


def question(m, q):
    qid = f"m{m}-q{q}"
    kind = q % 8
    prompt = f"<prompt>Question {q} of module {m}: which reply best serves the audience?</prompt>"
    hint = "<hint>Think about the person reading the reply.</hint>"
    fb = "<feedback>A prompt, signed, human reply keeps trust.</feedback>"
    right = ' correct="true"'
    choices = "".join(
        f'<choice{right if c == 1 else ""} feedback="Feedback for choice {c}.">'
        f'Choice {c} for question {q}</choice>'
        for c in range(4))
    if kind == 0:
        return f'<single id="{qid}">{prompt}{choices}{hint}{fb}</single>'
    if kind == 1:
        multi = "".join(
            f'<choice{right if c % 2 else ""}>Option {c} for question {q}</choice>'
            for c in range(4))
        return f'<multiple id="{qid}">{prompt}{multi}{hint}{fb}</multiple>'
    if kind == 2:
        return f'<truefalse id="{qid}" answer="{"true" if q % 3 else "false"}">{prompt}{hint}{fb}</truefalse>'
    if kind == 3:
        return f'<short id="{qid}">{prompt}<accept>your name</accept><accept>initials</accept>{hint}{fb}</short>'
    if kind == 4:
        return f'<numeric id="{qid}" answer="24" tolerance="4" unit="hours">{prompt}{hint}{fb}</numeric>'
    if kind == 5:
        items = "".join(f"<item>Step {i} of question {q}</item>" for i in range(4))
        return f'<ordering id="{qid}">{prompt}{items}{hint}{fb}</ordering>'
    if kind == 6:
        pairs = "".join(f'<pair left="Left {i} of {q}" right="Right {i} of {q}"/>' for i in range(3))
        return f'<matching id="{qid}">{prompt}{pairs}{hint}{fb}</matching>'
    return (f'<scenario id="{qid}"><situation>A comment on post {q} is going viral.</situation>'
            f'{prompt}{choices}{hint}{fb}</scenario>')


def module(m, questions):
    lessons = "".join(
        f'<lesson title="Page {p}"><h>Heading {p}</h><p>Paragraph {p} of module {m}, '
        f'long enough to be a realistic paragraph of lesson text for a learner.</p>'
        f'<list><item>First point</item><item>Second point</item></list>'
        f'<key>A key point for page {p}.</key></lesson>'
        for p in range(3))
    quiz = "".join(question(m, q) for q in range(questions))
    # Every 50th module, from the third, is a policy module.
    policy = ('<policy version="1.0" valid-months="12"><h>Policy</h>'
              '<p>Everyone follows this policy.</p></policy>') if m % 50 == 2 else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<module id="bench-{m:03d}" version="1.0" topic="{TOPICS[m % 4]}" minutes="20">'
            f'<title>Benchmark module {m}</title><summary>Generated for the benchmark.</summary>'
            f'{lessons}{policy}<quiz pass="80" attempts="3" shuffle="both" draw="{min(20, questions)}">'
            f'{quiz}</quiz></module>\n')


def main():
    out, modules, questions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for m in range(modules):
        with open(os.path.join(out, f"bench-{m:03d}.xml"), "w") as f:
            f.write(module(m, questions))


main()
