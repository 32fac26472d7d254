## General
app-name = Bekwaam
app-tagline = Digitaal Bekwaam MBO
skip-to-content = Skip to content
footer-text = Bekwaam — the platform of the programme Digitaal Bekwaam MBO.
language-nl = Nederlands
language-en = English
nav-label = Main menu
nav-home = Home
nav-institutions = Institutions
nav-users = Accounts
nav-audit = Audit log
nav-login = Log in
nav-logout = Log out
nav-password = Change password
value-none = none
form-save = Save
form-cancel = Cancel
form-has-errors = The form was not saved. Please correct the marked fields.
search-submit = Search
filter-all = All
filter-apply = Apply filter
pager-label = Pagination
pager-prev = Previous
pager-next = Next
pager-showing = { $first }–{ $last } of { $total }
pager-page = Page { $page } of { $pages }

## Home
home-title = Welcome to Bekwaam
home-intro = Bekwaam supports the programme Digitaal Bekwaam MBO: the monitor of teachers' digital competence, the policy institutions build on it, research, networks, campaigns and the programme's progress.
home-your-work = Your sections
home-no-work = No sections are linked to your account yet. Please contact the programme manager.
home-respondents = Are you a teacher answering the monitor? Use the personal link from your invitation; you do not need to log in.

## Roles
role-programme-manager = Programme manager
role-steering-group = Steering group
role-researcher = Researcher
role-coordinator = Institution coordinator
role-expert = Expert

## Login
login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in
login-failed = The username or password is not correct. Check both and try again.
login-throttled = Too many failed login attempts for this username. Wait { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
  } and then try again.
login-forgot = Forgot your password? The programme manager can reset it.

## Password
password-title = Change password
password-current = Current password
password-new = New password
password-repeat = Repeat the new password
password-rule = At least 10 characters. A sentence of a few words works well.
password-submit = Save password
password-change-required = Please choose your own password first; then you can continue.
password-current-wrong = The current password is not correct.
password-repeat-differs = The two new passwords are not the same.
password-same-as-current = The new password must differ from the current one.
password-too-short = The password is too short: use at least { $min } characters.
password-too-long = The password is too long: use at most { $max } characters.
password-changed = Your password has been changed.

## Accounts
users-title = Accounts
users-empty = There are no accounts yet.
user-new-title = New account
user-username = Username
user-display-name = Name
user-email = Email address
user-roles = Roles
user-role = Role
user-status = Status
user-active = Active
user-inactive = Deactivated
user-no-roles = No roles
user-institution = Institution
user-institution-hint = Required for an institution coordinator, optional for an expert, empty for the other roles.
user-institution-none = No institution
user-new-password-hint = Bekwaam creates a temporary password. The user chooses their own password at first login.
user-create = Create account
user-created-title = Account created
user-created-detail = The account { $username } has been created.
user-temporary-password = Temporary password
user-temporary-password-hint = Pass this password on through a safe channel. It is shown only once; the user chooses their own password at first login.
user-to-account = Go to the account
user-security = Access
user-reset-title = Reset password
user-reset-confirm = Are you sure you want to reset the password of { $username }? The current password stops working and all sessions of this user end.
user-reset-submit = Yes, reset the password
user-reset-done = The password of { $username } has been reset.
user-deactivate = Deactivate account
user-activate = Reactivate account
user-activated = The account is active again.
user-deactivated = The account has been deactivated; the user can no longer log in.
user-deactivate-self = You cannot deactivate your own account.
username-invalid = A username has 3 to 64 characters: lowercase letters, digits, dot, hyphen, underscore or @.
username-taken = This username is already taken.
email-invalid = This is not a valid email address.
role-invalid = Choose a role from the list.
grant-add-title = Grant a role
grant-add = Grant role
grant-added = The role has been granted.
grant-revoke = Revoke
grant-revoked = The role has been revoked.
grant-conflict = This user already holds this role, or the institution does not exist.
grant-institution-required = Choose an institution: an institution coordinator belongs to one institution.
grant-institution-not-allowed = This role covers the whole programme; do not choose an institution.
grant-revoke-self = You cannot revoke your own programme manager role; ask another programme manager.

## Institutions
institutions-title = Institutions
institutions-search = Search by code, name or place
institutions-empty = There are no institutions yet. Add one or import a CSV file.
institutions-none-found = No institutions found. Try another search term.
institution-code = Institution code (BRIN)
institution-code-hint = Four characters: two digits and two letters or digits, for example 25LX.
institution-name = Name
institution-place = Place
institution-region = Region
institution-teaching-staff = Teaching staff
institution-status = Status
institution-status-active = Active
institution-status-inactive = Inactive
institution-new-title = New institution
institution-edit = Edit details
institution-edit-title = Edit { $name }
institution-created = { $name } has been added.
institution-saved = The changes to { $name } have been saved.
institution-code-taken = There is already an institution with code { $code }.
institution-code-invalid = “{ $value }” is not a valid institution code: use two digits and two letters or digits, for example 25LX.
institution-status-invalid = “{ $value }” is not a valid status: use active or inactive.
institution-unknown = The account was created, but not the role: the chosen institution does not exist.
field-required = This field is required.
field-too-long = Use at most { $max } characters.
field-whole-number = “{ $value }” is not a valid number: use a whole number from { $min } to { $max }.

## Import
institution-import-title = Import institutions
import-help = Upload a CSV file with a header line and the columns code, name, place, region, teaching_staff and (optionally) status. Dutch column names (brin, naam, plaats, regio, onderwijzend_personeel) and a semicolon separator are accepted too. Existing codes are updated.
import-file = CSV file
import-partial = Import the good lines even if other lines have errors
import-submit = Import
import-refused = Nothing was imported because the file has errors. Correct the lines below and try again.
import-partial-skipped = The lines below have errors and were skipped.
import-problems = Errors found
import-line = Line
import-field = Field
import-reason = What is wrong
import-done = Import finished: { $created } added, { $updated } updated, { $skipped } bad { $skipped ->
    [one] line
   *[other] lines
  } skipped.
import-no-file = Choose a CSV file to import.
import-upload-failed = The file could not be received. Please try again.
import-unknown-column = Unknown column “{ $column }”.
import-missing-column = The column “{ $column }” is missing.
import-duplicate-column = The column “{ $column }” appears twice.
import-duplicate-code = Code { $code } is also on line { $first }.
import-wrong-column-count = This line has { $found } columns; the header has { $expected }.
import-unreadable = This line cannot be read as CSV ({ $detail }).

## Audit log
audit-title = Audit log
audit-intro = Every change and every view of sensitive data is recorded here. The log cannot be changed or erased.
audit-when = Time (UTC)
audit-actor = Who
audit-entity = Subject
audit-action = Action
audit-summary = Description
audit-from = From date
audit-to = Up to and including
audit-empty = No entries found for these filters.

## Errors
error-code = Error code
error-go-home = Go to the home page
error-400-title = This request is not right
error-401-title = Please log in first
error-401-detail = You need to be logged in for this page.
error-403-title = No access
error-403-detail = Your account has no access to this page. If you think this is wrong, contact the programme manager.
error-404-title = Page not found
error-404-detail = This page does not exist (any more). Check the address, or go to the home page.
error-409-title = This cannot be saved
error-conflict-detail = This conflicts with data that already exists. Refresh the page and try again.
error-csrf-title = Form expired
error-csrf-detail = The form has expired or was not sent from this site. Go back, refresh the page and try again.
error-500-title = Something went wrong
error-500-detail = Something went wrong on our side. Your data has not been lost. Try again in a few minutes; if the problem persists, report it to the programme manager.
error-form-too-large = The form is too large to process.

## Command line
cli-demo-database = Demo database: { $path }
cli-demo-accounts = Demo accounts (fictitious, demo only): role, username, password
cli-serving = Bekwaam is running at { $url }
cli-migrated = The database is up to date.
cli-user-created = Account { $username } created.
cli-temporary-password = Temporary password (change at first login): { $password }
cli-user-exists = There is already an account with username { $username }.
cli-user-unknown = There is no account with username { $username }.
cli-role-invalid = --role: unknown role “{ $role }”; choose programme_manager, steering_group, researcher, coordinator or expert.
cli-granted = { $username } now has the role { $role }.
cli-grant-conflict = This role is already granted, or the institution does not exist.
cli-import-refused = Nothing imported: { $errors } { $errors ->
    [one] error
   *[other] errors
  }. Correct the file, or use --partial to import only the good lines.
cli-apikey-once = Store this key now: it will not be shown again.

## Monitor: waves
nav-waves = Monitor
nav-outbox = Outgoing e-mail
error-422-title = This cannot be processed as it is
date-invalid = “{ $value }” is not a valid date: use YYYY-MM-DD.
waves-title = Waves of the monitor
waves-intro = The monitor is taken every two years at all mbo institutions. A wave fixes the questionnaire version and the participating institutions.
waves-empty = There are no waves yet.
wave-new-title = New wave
wave-name = Name
wave-name-hint = For example the year of the wave: 2026.
wave-name-invalid = Give a name of 1 to 60 characters.
wave-name-taken = There is already a wave with this name.
wave-instrument = Questionnaire (version)
wave-instrument-required = Choose a questionnaire.
wave-opens-on = Opens on
wave-closes-on = Closes on
wave-dates-order = The closing date is before the opening date.
wave-institutions = Participating institutions
wave-institutions-required = Choose at least one institution.
wave-create = Create wave
wave-created = The wave { $name } has been created (draft).
wave-title = Wave { $name }
wave-state = Status
wave-period = Period
wave-state-draft = Draft
wave-state-open = Open
wave-state-closed = Closed
wave-state-archived = Archived
wave-move-to = Set to: { $state }
wave-state-title = Change the status of the wave
wave-confirm = are you sure you want to give wave { $name } this status? This cannot be undone.
wave-confirm-submit = Yes, change the status
wave-close-warning = After closing nobody can answer any more, and the e-mail list of this wave (the link between e-mail address and survey link) is deleted for good.
wave-state-changed = The wave now has the status { $state }.
wave-state-invalid = This status change is not possible: a wave goes from draft to open, closed and archived.
wave-invite-heading = Invite
wave-invite-for = Invite for { $name }
fieldwork-title = Response
fieldwork-intro = Counts per institution and team. Bekwaam never shows whether a particular person has responded.
fieldwork-empty = No invitations have been sent yet.
fieldwork-institution = Institution
fieldwork-unit = Team
fieldwork-no-unit = (no team)
fieldwork-invited = Invited
fieldwork-started = Started
fieldwork-completed = Completed
fieldwork-rate = Response rate

## Monitor: inviting
invite-title = Invite: { $name }
invite-problems = Nothing was sent. Please correct the following:
invite-not-open = This wave is not open. You can already create anonymous links; e-mail can be sent once the wave is open.
invite-needs-open = This is only possible while the wave is open.
invite-units-link = Manage the teams and colleges of this institution
invite-unit = Team (optional)
invite-unit-none = No team
links-heading = Anonymous links
links-intro = Create a number of anonymous links, for example to hand out at a staff meeting. Each link is for one person; whoever has the link can answer the questionnaire and continue later.
links-count = Number of links
links-count-invalid = Choose a number from 1 to { $max }.
links-submit = Create links
links-title = Anonymous links
links-created = { $count } links created.
links-once = Print or save this page: the links are shown only once, because Bekwaam does not keep them.
links-slip-text = Take the Digitaal Bekwaam monitor: scan the code or open the link. Your answers are anonymous.
emails-heading = Invite by e-mail
emails-intro = Upload a file with one e-mail address per line, optionally followed by a comma and the team name. Everyone receives a personal link. When the wave closes, the e-mail list is deleted.
emails-outbox-hint = No mail server is configured: messages go to the outgoing e-mail that the programme manager can read.
emails-file = File with e-mail addresses
emails-submit = Send invitations
email-list-invalid = “{ $value }” is not a valid e-mail address.
email-list-unit = The team “{ $unit }” does not exist at this institution.
email-list-empty = The file contains no e-mail addresses.
invite-sent = { $sent } invitations sent; { $skipped } addresses had already been invited.
remind-heading = Send a reminder
remind-intro = Send a reminder to everyone invited by e-mail who has not completed yet. They receive a new link; their earlier link keeps working and what they already answered is kept.
remind-submit = Send reminders
remind-sent = { $sent } reminders sent.
mail-invite-subject = Invitation: monitor Digitaal Bekwaam MBO
mail-invite-body = Dear colleague,

    { $institution } takes part in the monitor Digitaal Bekwaam MBO. This questionnaire (about 15 minutes) maps your own digital competence; at the end you receive a personal profile with tips.

    Your answers are anonymous: nobody at your institution can see what you answered. You can stop and continue later with the same link.

    Your personal link: { $link }

    The questionnaire closes on { $closes }.
mail-reminder-subject = Reminder: monitor Digitaal Bekwaam MBO
mail-reminder-body = Dear colleague,

    You have not yet completed the monitor Digitaal Bekwaam MBO of { $institution }. The link below (or your earlier link) takes you back to where you left off.

    Your personal link: { $link }

    The questionnaire closes on { $closes }.
units-title = Teams and colleges: { $name }
units-intro = Teams and colleges are used to divide invitations and follow the response per team. Results per team are only shown when there are enough respondents.
units-empty = There are no teams yet.
unit-name = Name of the team or college
unit-add = Add team
unit-added = The team { $name } has been added.
unit-name-invalid = Give a name of 1 to 100 characters.
unit-name-taken = This team already exists.
unit-unknown = This team does not exist at this institution.
outbox-title = Outgoing e-mail
outbox-intro = No mail server is configured, so messages are kept here instead of sent. Messages of a wave are deleted when the wave closes.
outbox-empty = There is no outgoing e-mail.
outbox-to = To:

## Survey
survey-footer = Your answers are anonymous. Only whoever has this link can see your answers and your profile.
survey-about-you = About you
survey-progress = Step { $page } of { $pages }
survey-page-errors = Not all questions on this page have been answered (correctly) yet. What you already filled in has been saved.
survey-missing = Choose an answer.
survey-invalid = This answer is not possible; choose one of the options.
survey-choose = Make a choice
survey-next = Save and continue
survey-back = Previous
survey-saved-hint = Each page is saved as soon as you continue. You can stop and continue later with the same link.
survey-finish-title = Finish
survey-finish-intro = You have seen all sections. After finishing you can no longer change your answers, and you will see your personal profile.
survey-unanswered = { $count ->
    [one] { $count } question has
   *[other] { $count } questions have
  } no answer yet. Finishing takes you to the first open question.
survey-complete = Finish and view my profile
survey-not-open = This questionnaire is not open yet. Please try again later.
survey-closed = This questionnaire is closed; no more answers can be given.
survey-completed = You have already completed this questionnaire; your answers can no longer be changed.
survey-not-completed = This questionnaire has not been completed yet; the profile comes after finishing.
survey-api-invalid = These answers do not fit the questionnaire: { $fields }.
survey-api-unanswered = There are still { $count } questions without an answer.
survey-no-score = Too few answers
survey-no-score-detail = You answered too few questions in this section (or often chose n/a) for a score.
feedback-title = Your profile
feedback-intro = This is how you see your own digital competence, per section on a scale from 0 to 100. This profile is for you only: nobody else can see it.
feedback-chart-title = Your score per section (0 to 100)
feedback-chart-caption = Bar: your score per section, from 0 (left) to 100 (right).
feedback-table-caption = Your scores
feedback-domain = Section
feedback-score = Score
feedback-level = Level
feedback-tips = Tips
feedback-download = Download profile
feedback-private = Keep the link or download your profile if you want to see it again later. Nobody else can retrieve your profile.

## Questionnaire files
instrument-syntax = The file is not valid TOML or does not fit the format: { $detail }
instrument-id-invalid = “{ $id }” is not a valid id: use lowercase letters, digits and hyphens.
instrument-id-duplicate = The id “{ $id }” appears twice.
instrument-text-missing = This text is missing in Dutch or English.
instrument-share-range = min_answered_share must be greater than 0 and at most 1.
instrument-list-empty = This list must not be empty.
instrument-scale-kind = Unknown kind of scale “{ $kind }”: use agreement, frequency or proficiency.
instrument-scale-options = A scale has at least two answer options.
instrument-scale-ascending = The values of the answer options must ascend and be unique.
instrument-unknown-domain = There is no domain “{ $id }”.
instrument-unknown-scale = There is no scale “{ $id }”.
instrument-unknown-item = There is no item “{ $id }”.
instrument-levels-count = This item has { $found } level statements; its scale has { $expected }.
instrument-levels-not-allowed = Level statements belong only to a scale of kind proficiency.
instrument-domain-items = Domain “{ $id }” has fewer than three items.
instrument-background-source = Unknown source “{ $source }”: only units is possible.
instrument-background-options = Give answer options, or source = "units" without options.
instrument-indicator-domain-mean = A domain_mean indicator has a domain and no items or threshold.
instrument-indicator-share = A share_at_least indicator has items and a threshold within their scale's range.
instrument-indicator-kind = Unknown kind of indicator “{ $kind }”: use domain_mean or share_at_least.
instrument-bands = The bands must ascend, start at 0 and stay below 100.
instrument-feedback-twice = Domain “{ $id }” has feedback twice.
instrument-feedback-missing = Domain “{ $id }” has no feedback.
cli-instrument-ok = Questionnaire { $id } version { $version } is valid ({ $items } items).
cli-instrument-loaded = Questionnaire { $id } version { $version } has been stored.
cli-instrument-exists = Questionnaire { $id } version { $version } already exists with other content; give the new content a new version number.
cli-wave-unknown = There is no wave named { $wave }.
cli-wave-institution = Institution { $code } does not take part in wave { $wave }.
cli-demo-survey = Try the questionnaire as a teacher: { $url }

## Disclosure control
disclosure-too-small = This selection has fewer than { $min } respondents. To keep everyone unrecognisable, no figures are shown here. Choose a broader selection.
disclosure-complement-too-small = Fewer than { $min } respondents fall outside this selection; their answers could be derived from the difference with the total. Choose another selection.
fieldwork-suppressed = –: fewer than { $min } invited. To keep everyone's participation unrecognisable, no counts are shown then.

## Reports (analysis)
report-suppressed-marker = <{ $min }
report-footer = Generated on { $date } · Figures about groups of fewer than { $min } respondents are not shown, nor when they could be derived from other figures.
report-chart-bars-desc = Mean score per domain on a scale from 0 to 100, with a tick for the comparison group.
report-chart-levels-desc = Per domain, the share of respondents at each level.
report-chart-trend-desc = Mean score per domain in each wave, scale 0 to 100.
report-institution-title = { $institution } · monitor { $wave }
report-sector-title = Sector report monitor { $wave }
report-domains-title = Scores per domain
report-domains-intro = The score is the mean of the answers to a domain's questions, rescaled to 0 to 100. 'n/a' does not count; a score counts only when at least half of the questions were answered.
report-domains-chart = Score per domain
report-domains-note = Difference and p: compared with the rest of the sector (Welch's test); g: effect size (Hedges' g); α: reliability (Cronbach's alpha); vs previous: difference with the institution's previous wave.
report-sector = Sector
report-levels-title = Distribution over the levels
report-indicators-title = Indicators
report-indicators-note = Shares with the 95% confidence interval (Wilson) in brackets.
report-trend-title = Development over the waves
report-teams-title = Teams
report-teams-note = Teams with fewer than { $min } respondents are not shown; where needed another team is hidden too, so their figures cannot be derived from the total.
report-strengths-title = Strengths
report-attention-title = Points of attention
report-no-strengths = No domain is clearly (significantly, with at least a small effect) above the rest of the sector.
report-no-attention = No domain is clearly (significantly, with at least a small effect) below the rest of the sector.
report-point = { $domain }: { $diff } points difference with the rest of the sector (g = { $g })
report-key-respondents = Respondents
report-key-response-rate = Response rate
report-key-strengths = Strengths
report-key-attention = Points of attention
report-key-institutions = Institutions
report-key-increase = Increase in every domain
report-increase-yes = Compared with wave { $wave }, the mean score increased in every domain.
report-increase-no = Compared with wave { $wave }, the mean score did not increase in every domain.
report-increase-none = There is no earlier wave to compare with.
report-yes = Yes
report-no = No
report-sector-chart = Sector score per domain
report-wave-label = Wave { $wave }
report-sector-domains-note = Difference, p and g: against the previous wave (Welch's test, Hedges' g). α: Cronbach's alpha with 95% interval (Feldt).
report-spread-title = Spread between institutions
report-spread-note = Over the means of the institutions that may be shown.
report-institutions-title = Institutions
report-institutions-note = Institutions are listed anonymously unless they agreed to be named. Institutions with fewer than { $min } respondents, and where needed one other, are not shown.
report-anonymous-institution = Institution { $letter }
report-col-domain = Domain
report-col-n = n
report-col-score = Score
report-col-ci = 95% interval
report-col-sd = sd
report-col-sector = Sector
report-col-diff = Difference
report-col-p = p
report-col-g = g
report-col-alpha = α
report-col-alpha-ci = α 95% interval
report-col-previous-diff = vs previous
report-col-indicator = Indicator
report-col-own = Institution
report-col-sector-wave = Sector { $wave }
report-col-team = Team
report-col-institution = Institution
report-col-institutions = Institutions
report-col-min = Lowest
report-col-q1 = 1st quartile
report-col-median = Median
report-col-q3 = 3rd quartile
report-col-max = Highest
praatplaat-title = Discussion sheet { $who } · monitor { $wave }
praatplaat-team-hidden = This team has fewer than { $min } respondents (or must stay hidden to protect another small team). Use the institution's discussion sheet.
praatplaat-questions = To talk about together
praatplaat-q-strongest = We score highest on '{ $domain }'. What do we do there that works, and who can show it to colleagues?
praatplaat-q-weakest = We score lowest on '{ $domain }'. Do we recognise that, and what do we need to take a step here?
praatplaat-q-step = Which one concrete step do we take together this school year, and how will we see at the next wave whether it worked?
nav-reports = Reports
reports-title = Reports
reports-intro = Per wave your institution's report and, for the programme roles, the sector report. Figures about groups smaller than the minimum group size are never shown.
reports-empty = There are no waves with results yet.
report-filter-label = Only respondents with
report-filter-none = (everyone)
report-filter-apply = Show
report-filtered = Only respondents with '{ $question }': { $option }
report-bad-filter = The filter '{ $filter }' does not exist in this questionnaire.
report-bad-format = Unknown format '{ $format }'. Choose pdf, xlsx, csv or praatplaat.
report-team-with-filter = A team's discussion sheet cannot be combined with a filter: that could make a small group recognisable.
report-download-pdf = Report (PDF)
report-download-xlsx = Tables (Excel)
report-download-csv = CSV
report-download-praatplaat = Discussion sheet (PDF)
report-download-team-praatplaat = Discussion sheet { $team }
report-consent-title = Name in the sector report
report-consent-now-named = This institution is named in the sector report.
report-consent-now-anonymous = This institution is anonymous in the sector report (as 'Institution' with a letter).
report-consent-make-named = Give consent to be named
report-consent-make-anonymous = Withdraw consent: show anonymously
report-consent-named = From now on the institution is named in the sector report.
report-consent-anonymous = From now on the institution is shown anonymously in the sector report.
report-consent-bad = Choose yes or no.
import-mapping-syntax = The mapping file is not valid TOML: { $detail }
import-mapping-unknown-item = Item '{ $item }' does not exist in this wave's questionnaire.
import-mapping-no-items = The mapping file maps no item at all ([items] is empty).
import-mapping-unknown-question = Background question '{ $question }' does not exist (or is the team question; use 'unit' for that).
import-mapping-unknown-option = Background question '{ $question }' has no option '{ $option }'.
import-csv-invalid = The CSV file cannot be read: { $detail }
import-sav-invalid = The SPSS file cannot be read: { $detail }
import-unknown-institution = Institution '{ $code }' does not take part in this wave.
import-unknown-unit = Team '{ $unit }' does not exist at this institution.
import-bad-value = Value '{ $value }' does not fit item { $item } (expected a whole number from { $min } to { $max }).
import-bad-choice = Value '{ $value }' is not an option of '{ $question }'.
cli-report-not-found = This report does not exist (unknown institution, or the institution does not take part in this wave).
cli-report-praatplaat-institution = A discussion sheet exists per institution only: give --institution.
cli-report-tables = Table '{ $table }' does not exist in this report. Choose from: { $tables }
cli-report-written = Wrote { $path } ({ $bytes } bytes).
cli-import-open-wave = Wave { $wave } is open; import only into a wave that is not open.
cli-responses-refused = Nothing imported: { $count } { $count ->
    [one] error
   *[other] errors
  } (see above).
cli-import-done = Imported { $count } responses into wave { $wave }.
microdata-title = Microdata wave { $wave }
microdata-intro = A file with one line per completed questionnaire, for research. So that nobody can be recognised:
microdata-rule-ids = respondents and institutions get new random numbers in every export; two exports cannot be linked;
microdata-rule-institutions = institutions with fewer respondents than the minimum group size get no number; names, codes, teams and dates are left out;
microdata-rule-background = a background answer given by fewer than the minimum group size within an institution is left empty;
microdata-rule-items = items are as answered (not reverse-coded); 'n/a' and no answer are both empty; the domain scores (0-100) are included;
microdata-rule-audit = every export is recorded in the audit log.
microdata-format = Format
microdata-start = Create export
microdata-link = Microdata (researchers)
export-running = Exporting:
export-refresh = This page refreshes itself until the file is ready.
export-done = Done: { $count } lines.
export-download = Download file
export-kept = The file stays available for one hour, only to you.
export-failed = The export failed. Try again or tell the administrator.
cli-export-written = Wrote { $path }: { $count } lines.
survey-open-optional = (optional)
survey-open-too-long = Your answer is too long: at most { $max } characters.
report-open-title = Open answers
report-open-intro = Answers to the open questions, as given, in alphabetical order. The coordinator has reviewed them and hidden answers that identify someone.
report-open-pending = { $count } { $count ->
    [one] answer is
   *[other] answers are
  } waiting for the coordinator's review and will be shown after that.
report-open-none = No reviewed answers yet.
review-title = Review open answers
review-back = Back to the report
review-link = Review open answers
review-intro = Read the answers and tick what makes someone recognisable (a name, a unique role, an identifiable incident). Ticked answers are shown nowhere; the others appear in the institution's report. Saving marks every answer on this page as reviewed.
review-no-answers = No answers yet.
review-hide = Hide: identifies someone
review-new = new
review-save = Save and mark as reviewed
review-saved = { $count } answers reviewed.
review-too-small = This institution has fewer than { $min } completed questionnaires. Open answers are then not shown, not even for review.
review-bad-key = This form is not valid; reload the page.
