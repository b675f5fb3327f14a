-- Hindsight schema, part 2: the four postmortem templates every installation starts with,
-- each with a prompt and a Markdown starter for all seven sections. Teams may edit them afterwards.

INSERT INTO postmortem_template (slug, name, description, contributing_factors, position) VALUES
(
    'general',
    'General',
    'For any incident that does not fit a more specific pattern: a calm, complete walk from what happened to what we will change.',
    ARRAY[
        'Change shipped without a staged rollout',
        'Monitoring did not cover the affected path',
        'Runbook missing or out of date',
        'Unclear ownership during the response',
        'Time pressure on the change',
        'Differences between test and production environments'
    ],
    1
),
(
    'wrong-database',
    'Wrong database / environment misconfiguration',
    'For incidents where an application, job or person was connected to a different database or environment than everyone believed.',
    ARRAY[
        'Look-alike database names on the same server',
        'Connected database not visible in the app or admin tools',
        'Configuration change not reviewed or diffed before deploy',
        'Seed data indistinguishable from real data',
        'Destructive statements possible while the situation was unclear',
        'No tested backup of production'
    ],
    2
),
(
    'data-loss-backups',
    'Data loss and backups',
    'For incidents where data was lost, damaged or put at risk, and recovery depended on whether a usable backup existed.',
    ARRAY[
        'No tested restore procedure',
        'Backups not monitored for success or size',
        'Restore time unknown until it was needed',
        'Backups stored on the same server as the data',
        'No point-in-time recovery to reach the last good copy',
        'Destructive operations without a safety net'
    ],
    3
),
(
    'auth-session-token',
    'Authentication / session token bug',
    'For incidents where sign-in, sessions or tokens broke: unexpected sign-outs, unauthorized errors, expiry or refresh problems.',
    ARRAY[
        'Token expiry not verified server-side',
        'Refresh requests racing under concurrent calls',
        'Content requested before authentication settled',
        'Token lifecycle not designed up front',
        'Authentication tested on a single page',
        'Schedule pressure on a security-critical feature'
    ],
    4
);

-- General -------------------------------------------------------------------------------------

INSERT INTO postmortem_template_section (template_id, section, prompt, starter) VALUES
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'SUMMARY',
    'In two or three sentences: what happened, what did it mean for the people who rely on us, and where do things stand now? Write for a busy reader who will read nothing else.',
'- What happened, in one sentence?
- Who noticed the effect, and how?
- How was it resolved, and is anything still open?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'IMPACT',
    'Who or what was affected, for how long, and how badly? Include data that was lost or put at risk, even if it was recovered in the end.',
'### Who was affected
- What did customers or colleagues see?
### How long
- From when to when, and how long until we knew?
### Data
- Was any data lost, changed or put at risk?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'TIMELINE',
    'The timestamped timeline is generated from the incident. Use this space for the story between the entries: the decision points, what we knew at each one, and why the next step made sense at the time.',
'- Which moments changed the direction of the response?
- What did we believe at each decision point, and why did it make sense then?
- Where did the time go between detection and mitigation?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'LAUGH',
    'Optional, and encouraged: tell the human story with kindness and humour. Laugh at the situation and the systems, never at a person.',
'- What was absurd about this, looking back?
- What would we tell a new hire over coffee?
- Which moment will the team still be quoting next year?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'LEARN',
    'Which conditions made this possible, what helped, and where did luck do work that a system ought to do? Tick the contributing factors that apply and add your own.',
'### Contributing factors
- [ ] Change shipped without a staged rollout
- [ ] Monitoring did not cover the affected path
- [ ] Runbook missing or out of date
- [ ] Unclear ownership during the response
- [ ] Time pressure on the change
- [ ] Differences between test and production environments
### What went well
### Where we got lucky
### Lessons'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'FIX',
    'What will we change so this is noticed sooner, hurts less, and is less likely next time? Give each action an owner and a date in Action items.',
'### Detect
- How will we notice this sooner next time?
### Mitigate
- How do we limit the damage or recover faster?
### Prevent
- Which change makes this less likely to happen again?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'general'),
    'SHARE',
    'Who else could learn from this, and what is the version you would tell them in a minute? Sharing the lesson is how the cost of an incident pays for itself.',
'### Audience
- Which teams, clients or new hires need to hear this?
### The short version
- What happened, what we learned and what we changed, in three sentences.'
);

-- Wrong database / environment misconfiguration -----------------------------------------------

INSERT INTO postmortem_template_section (template_id, section, prompt, starter) VALUES
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'SUMMARY',
    'Which database or environment was the system really connected to, and which one did everyone believe it was using? Say in two or three sentences how that came to light and how it was put right.',
'- Which database was the app actually connected to, and which one was intended?
- How did we find out?
- What put it back, and is any data still in question?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'IMPACT',
    'What did users see while the app pointed at the wrong place, and for how long? Were writes sent to the wrong database, or data changed in either one?',
'- What did customers see, and for how long?
- Were any writes sent to the wrong database? Where are they now?
- Was data deleted or changed in either database, and can it be recovered?
- How much data was at risk, given the backups we had?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'TIMELINE',
    'Note the moments where the team read the evidence: what did the empty or unexpected data look like, which explanation seemed most likely, and what finally showed the real connection?',
'- When did the connection change, and which deploy or config edit carried it?
- What did the data look like at first glance, and how did we explain it?
- Which steps were taken before the picture was clear?
- What finally revealed which database was in use?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'LAUGH',
    'Tell the story of the mix-up kindly. Look-alike names and empty tables fool everyone eventually; what was the funny side of this one?',
'- How alike were the two names, honestly?
- Which theory did we believe the longest?
- What would we tell a new hire over coffee?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'LEARN',
    'How would anyone have known which database the app was using? Tick the conditions that made the mix-up possible, from look-alike names to missing backups, and note what helped.',
'### Contributing factors
- [ ] Look-alike database names on the same server
- [ ] Connected database not visible in the app or admin tools
- [ ] Configuration change not reviewed or diffed before deploy
- [ ] Seed data indistinguishable from real data
- [ ] Destructive statements possible while the situation was unclear
- [ ] No tested backup of production
### What went well
### Where we got lucky
### Lessons'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'FIX',
    'Make the connected database obvious, make the wrong one hard to reach, and make recovery cheap. Sort the actions into detect, mitigate and prevent.',
'### Detect
- Does every admin page and health check show which database it is on?
- Would the app refuse to start against an empty or unknown database?
### Mitigate
- Is there a tested backup and a written restore step?
- Can destructive statements wait until the picture is clear?
### Prevent
- Can look-alike databases be renamed, removed or isolated?
- Are connection changes reviewed and diffed before deploy?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'wrong-database'),
    'SHARE',
    'Who else runs several databases on one server, or edits connection settings by hand? Tell them the one check that reveals which database an app is really using.',
'### Audience
- Which teams share this server or deploy with similar configuration?
### The short version
- The app was connected to … instead of … because …
- The check that reveals it now: …'
);

-- Data loss and backups -----------------------------------------------------------------------

INSERT INTO postmortem_template_section (template_id, section, prompt, starter) VALUES
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'SUMMARY',
    'Which data was lost or put at risk, how was it recovered (or not), and what does that leave us with? Two or three sentences.',
'- Which data was lost, damaged or at risk?
- Was it recovered, and from where?
- Is anything still missing or unverified?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'IMPACT',
    'Describe the loss as precisely as you can: which records, from which period, for whom. How long were people without their data, and how long did the restore take?',
'- Which data was affected (tables, files, customers, date range)?
- How much was recovered, and how much is gone for good?
- How long were people without their data?
- How long did the restore take, from decision to verified?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'TIMELINE',
    'Note when the loss began, when it was noticed, and when a restore was decided. What did we know about the state of our backups at each point?',
'- When did the data start to go missing, and when did we notice?
- When did we look for a backup, and what did we find?
- Which options did we weigh before restoring?
- What slowed the restore down, and what sped it up?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'LAUGH',
    'Backups are the thing everyone trusts until the day they are needed. Tell the story kindly: what was the funny side of finding out?',
'- What did we believe about our backups before this?
- What was the most surprising thing we found in them (or not)?
- What would we tell a new hire over coffee?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'LEARN',
    'When was a restore last tested, and how long does one take? Tick the conditions that turned a bad moment into data loss, and note what saved us.',
'### Contributing factors
- [ ] No tested restore procedure
- [ ] Backups not monitored for success or size
- [ ] Restore time unknown until it was needed
- [ ] Backups stored on the same server as the data
- [ ] No point-in-time recovery to reach the last good copy
- [ ] Destructive operations without a safety net
### What went well
### Where we got lucky
### Lessons'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'FIX',
    'A backup only counts once a restore from it has been tested. Sort the actions into detect, mitigate and prevent, and give the next restore drill a date.',
'### Detect
- Are failed, empty or undersized backups alerted on?
### Mitigate
- Is there a written restore procedure, and how long does it take?
- Is a copy kept off the server, out of reach of the same incident?
### Prevent
- When is the next restore drill, and who runs it?
- Do destructive operations have a safety net (transaction, soft delete, confirmation)?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'data-loss-backups'),
    'SHARE',
    'Most teams have a backup they have never restored. Who needs this reminder, and which one number (restore time, data window) will make it stick?',
'### Audience
- Which teams keep data with a similar backup setup?
### The short version
- We lost, or nearly lost, … and our backups were …
- A restore now takes … and was last tested on …'
);

-- Authentication / session token bug ----------------------------------------------------------

INSERT INTO postmortem_template_section (template_id, section, prompt, starter) VALUES
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'SUMMARY',
    'What did users experience with sign-in or sessions, which part of the token lifecycle was involved, and how was it fixed? Two or three sentences.',
'- What did users see: sign-outs, unauthorized errors, broken pages?
- Which part of the token lifecycle was involved (issue, expiry, refresh, rotation)?
- How was it fixed, and is anything still open?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'IMPACT',
    'Who was signed out, blocked or shown errors, and for how long? Was anyone granted access they were not meant to have, or was any session exposed?',
'- Which users were affected: everyone, idle users, users with several tabs?
- What did they see, and how long did it last?
- Was any access granted beyond what was intended?
- Did anyone lose unsaved work?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'TIMELINE',
    'Note which symptoms appeared in what order and how each was traced to a part of the token lifecycle. Where did a page load content before authentication had settled?',
'- Which symptom came first, and how was it reported?
- How did we tell the different auth bugs apart?
- When was each one mitigated, and how?
- Which pages and flows had pre-release testing covered?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'LAUGH',
    'Auth bugs love a good race. Tell the story kindly: the strangest symptom, the theory that lasted longest, the best debugging moment.',
'- Which symptom was the hardest to believe?
- Which request won a race it had no business winning?
- What would we tell a new hire over coffee?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'LEARN',
    'Was the token lifecycle (expiry, refresh, rotation) designed up front, and was auth tested across the whole app? Tick the conditions that applied and note what helped.',
'### Contributing factors
- [ ] Token expiry not verified server-side
- [ ] Refresh requests racing under concurrent calls
- [ ] Content requested before authentication settled
- [ ] Token lifecycle not designed up front
- [ ] Authentication tested on a single page
- [ ] Schedule pressure on a security-critical feature
### What went well
### Where we got lucky
### Lessons'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'FIX',
    'Sort the actions into detect, mitigate and prevent. Think about expiry checks on the server, one refresh at a time, and pages that wait for auth before loading content.',
'### Detect
- Do we alert on spikes in 401 responses or refresh failures?
### Mitigate
- Can a broken session recover with one refresh or a clean sign-in prompt?
### Prevent
- Is expiry verified server-side on every request?
- Is refresh single-flight, with rotation that tolerates concurrent requests?
- Do pages wait for authentication before loading content?
- Do end-to-end tests cover login, idle expiry and several tabs across the app?'
),
(
    (SELECT id FROM postmortem_template WHERE slug = 'auth-session-token'),
    'SHARE',
    'Who else builds sign-in, or calls our APIs with tokens? Give them the short version and the test that now catches this.',
'### Audience
- Which teams build on the same sign-in or token code?
### The short version
- Users saw … because the token lifecycle …
- The test that catches it now: …'
);
