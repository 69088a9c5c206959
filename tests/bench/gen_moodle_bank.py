#!/usr/bin/env python3
"""A Moodle XML question bank shaped like a real course export, for the
import benchmark: 12 categories of 48 questions (576, about 1.5 MB), the
types in the mix a course bank has (single and multiple choice, true/false,
short answer, numerical, matching), HTML question texts in CDATA with
paragraphs and lists, per-answer and general feedback, hints, tags and the
combined-feedback fields Moodle writes. Seeded, so every run makes the same
file. Writes to standard output."""
import random
import sys

random.seed(7)
WORDS = ("the a post reply page audience policy account brand voice comment message "
         "complaint schedule report monthly reach engagement content staff manager review "
         "customer question answer share follower campaign").split()


def sent(n):
    return " ".join(random.choice(WORDS) for _ in range(n)).capitalize() + "."


def cdata(html):
    return "<text><![CDATA[%s]]></text>" % html


out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
qn = 0
for cat in range(12):
    out.append('<!-- question: 0  -->\n  <question type="category">\n    <category>\n'
               '      <text>$course$/top/Social media/Unit %d</text>\n    </category>\n'
               '    <info format="html">\n      %s\n    </info>\n'
               '    <idnumber></idnumber>\n  </question>\n' % (cat + 1, cdata("<p>%s</p>" % sent(12))))
    for i in range(48):
        qn += 1
        kind = random.choice(["mc", "mc", "mc", "multi", "tf", "sa", "num", "match"])
        qt = "<p>%s</p><p>%s</p><ul><li>%s</li><li>%s</li></ul>" % (sent(30), sent(25), sent(6), sent(6))
        head = ('<!-- question: %d  -->\n  <question type="%%s">\n    <name>\n      <text>Q%d %s</text>\n'
                '    </name>\n    <questiontext format="html">\n      %s\n    </questiontext>\n'
                '    <generalfeedback format="html">\n      %s\n    </generalfeedback>\n'
                '    <defaultgrade>1.0000000</defaultgrade>\n    <penalty>0.3333333</penalty>\n'
                '    <hidden>0</hidden>\n    <idnumber></idnumber>\n'
                % (1000 + qn, qn, sent(4), cdata(qt), cdata("<p>%s</p>" % sent(25))))
        if kind in ("mc", "multi"):
            body = head % "multichoice"
            body += ('    <single>%s</single>\n    <shuffleanswers>true</shuffleanswers>\n'
                     '    <answernumbering>abc</answernumbering>\n'
                     '    <correctfeedback format="html">\n      <text>Your answer is correct.</text>\n'
                     '    </correctfeedback>\n    <partiallycorrectfeedback format="html">\n'
                     '      <text>Your answer is partially correct.</text>\n'
                     '    </partiallycorrectfeedback>\n    <incorrectfeedback format="html">\n'
                     '      <text>Your answer is incorrect.</text>\n    </incorrectfeedback>\n'
                     '    <shownumcorrect/>\n' % ("true" if kind == "mc" else "false"))
            fractions = ["100", "0", "0", "0"] if kind == "mc" else ["50", "50", "-50", "-50"]
            for k, f in enumerate(fractions):
                body += ('    <answer fraction="%s" format="html">\n      %s\n'
                         '      <feedback format="html">\n        %s\n      </feedback>\n'
                         '    </answer>\n' % (f, cdata("<p>%s %d</p>" % (sent(8), k)),
                                              cdata("<p>%s</p>" % sent(15))))
        elif kind == "tf":
            body = head % "truefalse"
            for f, t in (("100", "true"), ("0", "false")):
                body += ('    <answer fraction="%s" format="moodle_auto_format">\n      <text>%s</text>\n'
                         '      <feedback format="html">\n        %s\n      </feedback>\n'
                         '    </answer>\n' % (f, t, cdata("<p>%s</p>" % sent(15))))
        elif kind == "sa":
            body = head % "shortanswer"
            body += '    <usecase>0</usecase>\n'
            for k in range(3):
                body += ('    <answer fraction="100" format="moodle_auto_format">\n'
                         '      <text>%s %d</text>\n      <feedback format="html">\n'
                         '        <text></text>\n      </feedback>\n    </answer>\n'
                         % (random.choice(WORDS), k))
        elif kind == "num":
            body = head % "numerical"
            body += ('    <answer fraction="100" format="moodle_auto_format">\n      <text>%d</text>\n'
                     '      <feedback format="html">\n        %s\n      </feedback>\n'
                     '      <tolerance>2</tolerance>\n    </answer>\n'
                     '    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n'
                     '    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n'
                     % (random.randint(1, 500), cdata("<p>%s</p>" % sent(10))))
        else:
            body = head % "matching"
            body += '    <shuffleanswers>true</shuffleanswers>\n'
            for k in range(4):
                body += ('    <subquestion format="html">\n      %s\n      <answer>\n'
                         '        <text>%s %d</text>\n      </answer>\n    </subquestion>\n'
                         % (cdata("<p>%s %d</p>" % (sent(6), k)), sent(3), k))
        body += ('    <hint format="html">\n      %s\n    </hint>\n    <tags>\n'
                 '      <tag><text>unit%d</text>\n</tag>\n    </tags>\n  </question>\n\n'
                 % (cdata("<p>%s</p>" % sent(10)), cat))
        out.append(body)
out.append('</quiz>\n')
sys.stdout.write("".join(out))
