# Research workshops (issue 15, items 1-3 and 7)
nav-workshops = Workshops
workshops-title = Research workshops
workshops-lead = In the research workshop, teacher-researchers guided by educationalists run design-thinking experiments on ICT competence and digital safety.
workshops-table = Workshops and their composition
workshops-none = No research workshop has been recorded yet.
workshop-new = New workshop
workshop-save = Save workshop
workshop-saved = The workshop has been saved.
workshop-field-region = Region
workshop-col-experiments = Experiments
workshop-col-staffing = Composition
workshop-title = Research workshop
workshop-members-meetings = Members and meetings of this workshop (attendance, minutes, calendar)
workshop-staffing-met = Composition met: { $researchers } teacher-researchers (at least { $min_researchers }), { $educationalists } educationalists (at least { $min_educationalists }), for { $institutions } MBO institutions (at least { $min_institutions }).
workshop-staffing-short = Composition not yet met: { $researchers } teacher-researchers (at least { $min_researchers }), { $educationalists } educationalists (at least { $min_educationalists }), for { $institutions } MBO institutions (at least { $min_institutions }).
workshop-rotation = Rotation of the members
workshop-rotation-lead = The plan: after taking part for at most two years, members change. Members are flagged three months ahead.
workshop-no-members = This workshop has no members yet.
workshop-col-rotation = Rotation
workshop-rotation-current = Taking part until { $due }
workshop-rotation-due-soon = Changes soon: taking part until { $due }
workshop-rotation-overdue = Past the term: participation ran until { $due }
workshop-experiments = Experiments
workshop-search = Search title and research question
workshop-search-button = Search
workshop-no-experiments = This workshop has no experiments yet.
workshop-no-experiments-found = No experiments match this search.
workshop-requests = Requests for an experiment
workshop-no-requests = No requests have been sent yet.

experiment-title = Experiment
experiment-new-title = New experiment
experiment-edit-title = Change experiment
experiment-field-title = Title
experiment-field-question = Research question
experiment-field-theme = Theme
experiment-field-phase = Design-thinking phase
experiment-field-status = Status
experiment-field-educationalist = Guiding educationalist
experiment-field-researchers = Teacher-researchers
experiment-field-domains = Monitor domains
experiment-field-results = Results
experiment-field-conclusions = Conclusions
experiment-team = Team
experiment-team-met = { $researchers } teacher-researchers (at least { $min }), educationalist: { $educationalist }. Target met.
experiment-team-not-met = { $researchers } teacher-researchers (at least { $min }), educationalist: { $educationalist }. Target not yet met.
experiment-choose = Choose
experiment-no-educationalist = No educationalist yet
experiment-researchers-hint = The plan: experiments are carried out by at least 5 teacher-researchers, guided by at least 1 educationalist. Publishing is possible only then.
experiment-no-researchers = This workshop has no teacher-researchers yet.
experiment-publish-hint = A published experiment is final and becomes a public item of the library; until then it stays internal.
experiment-save = Save experiment
experiment-saved = The experiment has been saved.
experiment-in-phase = phase: { $phase }
experiment-published-final = This experiment is published and final.
experiment-status-changed = The status has changed meanwhile or this step is not allowed. Open the experiment again.
experiment-log = Design-thinking log
experiment-current-phase = current phase
experiment-log-none = No notes in this phase yet.
experiment-log-done = What was done
experiment-log-learned = What was learned
experiment-log-attachment = Open attachment
experiment-log-new = Add a note
experiment-log-date = Date
experiment-log-link = Link to an attachment (optional, https://…)
experiment-log-save = Save note
experiment-log-saved = The note has been saved.
experiment-answers-requests = This experiment answers
experiment-theme-choose = Choose a theme.
experiment-educationalist-unknown = Choose an educationalist of this workshop.
experiment-researcher-unknown = Choose only teacher-researchers of this workshop.
experiment-domain-unknown = Choose only domains of the monitor.
experiment-phase-choose = Choose a phase.
experiment-status-choose = Choose a status.
experiment-status-new = A new experiment starts as an idea or is already running.
experiment-status-step = From { $from ->
        [idea] idea
        [running] running
        [finished] finished
       *[other] published
    } to { $to ->
        [idea] idea
        [running] running
        [finished] finished
       *[other] published
    } is not possible: the status moves one step forward (a finished experiment may run again).
experiment-results-needed = Fill in the results before the experiment is finished or published.
experiment-conclusions-needed = Fill in the conclusions before the experiment is published.
experiment-team-short = Publishing needs at least { $min } teacher-researchers and an educationalist; now { $researchers } teacher-researchers.
experiment-log-future = The date is in the future.
experiment-link-invalid = Give a web address starting with https:// or http://, without spaces.
experiment-phase-empathise = Empathise
experiment-phase-define = Define
experiment-phase-ideate = Ideate
experiment-phase-prototype = Prototype
experiment-phase-test = Test
experiment-status-idea = Idea
experiment-status-running = Running
experiment-status-finished = Finished
experiment-status-published = Published
experiment-theme-ict-competence = ICT competence
experiment-theme-digital-safety = Digital safety

request-from-choose = Choose on whose behalf you send the request.
request-date-future = The date is in the future.
request-experiment-choose = Choose the experiment of this workshop that answers the request.
request-decision-choose = Choose: accept or decline.
request-from-steering-group = Steering group
request-pending = Pending.
request-accepted = Accepted on { $on }: answered by the experiment “{ $experiment }”.
request-declined = Declined on { $on }. Reason: { $reason }
request-heading = Request from { $from }, { $on }
request-outcome = Outcome:
request-to-experiment = To the experiment
request-decision = Decision
request-accept = Accept (link the experiment that answers it)
request-decline = Decline (with a reason)
request-field-experiment = Experiment
request-experiment-placeholder = Choose an experiment
request-field-reason = Reason for declining
request-decide = Save decision
request-new = Request an experiment
request-field-from = On behalf of
request-field-question = Question
request-field-date = Date of the request
request-save = Send request
request-saved = The request has been sent.
request-decided = The decision has been saved.
request-already-decided = This request has already been decided.

kpi-detail-workshop-researchers = { $researchers } teacher-researchers in { $workshop } in { $period }
audit-entity-workshop = Research workshop
audit-action-experiment-created = Experiment recorded
audit-action-experiment-changed = Experiment changed
audit-action-experiment-logged = Note on an experiment
audit-action-experiment-request-received = Experiment request received
audit-action-experiment-request-decided = Decision on a request
