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
