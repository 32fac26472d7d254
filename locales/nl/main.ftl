## Algemeen
app-name = Bekwaam
app-tagline = Digitaal Bekwaam MBO
skip-to-content = Direct naar de inhoud
footer-text = Bekwaam — het platform van het programma Digitaal Bekwaam MBO.
language-nl = Nederlands
language-en = English
nav-label = Hoofdmenu
nav-home = Start
nav-institutions = Instellingen
nav-users = Accounts
nav-audit = Auditlog
nav-login = Inloggen
nav-logout = Uitloggen
nav-password = Wachtwoord wijzigen
value-none = geen
form-save = Opslaan
form-cancel = Annuleren
form-has-errors = Het formulier is niet opgeslagen. Verbeter de gemarkeerde velden.
search-submit = Zoeken
filter-all = Alle
filter-apply = Filter toepassen
pager-label = Paginering
pager-prev = Vorige
pager-next = Volgende
pager-showing = { $first }–{ $last } van { $total }
pager-page = Pagina { $page } van { $pages }

## Start
home-title = Welkom bij Bekwaam
home-intro = Bekwaam ondersteunt het programma Digitaal Bekwaam MBO: de monitor van de ict-bekwaamheid van docenten, het beleid dat instellingen daarop bouwen, onderzoek, netwerken, campagnes en de voortgang van het programma.
home-your-work = Uw onderdelen
home-no-work = Aan uw account zijn nog geen onderdelen gekoppeld. Neem contact op met de programmamanager.
home-respondents = Vult u de monitor in als docent? Gebruik dan de persoonlijke link uit uw uitnodiging; daarvoor hoeft u niet in te loggen.

## Rollen
role-programme-manager = Programmamanager
role-steering-group = Stuurgroep
role-researcher = Onderzoeker
role-coordinator = Instellingscoördinator
role-expert = Expert

## Inloggen
login-title = Inloggen
login-username = Gebruikersnaam
login-password = Wachtwoord
login-submit = Inloggen
login-failed = De gebruikersnaam of het wachtwoord klopt niet. Controleer beide en probeer het opnieuw.
login-throttled = Te veel mislukte inlogpogingen voor deze gebruikersnaam. Wacht { $minutes ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
  } en probeer het dan opnieuw.
login-forgot = Wachtwoord vergeten? De programmamanager kan uw wachtwoord herstellen.

## Wachtwoord
password-title = Wachtwoord wijzigen
password-current = Huidig wachtwoord
password-new = Nieuw wachtwoord
password-repeat = Herhaal het nieuwe wachtwoord
password-rule = Minstens 10 tekens. Een zin van een paar woorden werkt goed.
password-submit = Wachtwoord opslaan
password-change-required = Kies eerst een eigen wachtwoord; daarna kunt u verder.
password-current-wrong = Het huidige wachtwoord klopt niet.
password-repeat-differs = De twee nieuwe wachtwoorden zijn niet gelijk.
password-same-as-current = Het nieuwe wachtwoord moet anders zijn dan het huidige.
password-too-short = Het wachtwoord is te kort: gebruik minstens { $min } tekens.
password-too-long = Het wachtwoord is te lang: gebruik hoogstens { $max } tekens.
password-changed = Uw wachtwoord is gewijzigd.

## Accounts
users-title = Accounts
users-empty = Er zijn nog geen accounts.
user-new-title = Nieuw account
user-username = Gebruikersnaam
user-display-name = Naam
user-email = E-mailadres
user-roles = Rollen
user-role = Rol
user-status = Status
user-active = Actief
user-inactive = Gedeactiveerd
user-no-roles = Geen rollen
user-institution = Instelling
user-institution-hint = Verplicht voor een instellingscoördinator, optioneel voor een expert, leeg voor de andere rollen.
user-institution-none = Geen instelling
user-new-password-hint = Bekwaam maakt een tijdelijk wachtwoord aan. De gebruiker kiest bij de eerste keer inloggen een eigen wachtwoord.
user-create = Account aanmaken
user-created-title = Account aangemaakt
user-created-detail = Het account { $username } is aangemaakt.
user-temporary-password = Tijdelijk wachtwoord
user-temporary-password-hint = Geef dit wachtwoord via een veilig kanaal door. Het wordt maar één keer getoond; bij de eerste keer inloggen kiest de gebruiker een eigen wachtwoord.
user-to-account = Naar het account
user-security = Toegang
user-reset-title = Wachtwoord herstellen
user-reset-confirm = Weet u zeker dat u het wachtwoord van { $username } wilt herstellen? Het huidige wachtwoord werkt dan niet meer en alle sessies van deze gebruiker worden beëindigd.
user-reset-submit = Ja, wachtwoord herstellen
user-reset-done = Het wachtwoord van { $username } is hersteld.
user-deactivate = Account deactiveren
user-activate = Account weer activeren
user-activated = Het account is weer actief.
user-deactivated = Het account is gedeactiveerd; de gebruiker kan niet meer inloggen.
user-deactivate-self = U kunt uw eigen account niet deactiveren.
username-invalid = Een gebruikersnaam heeft 3 tot 64 tekens: kleine letters, cijfers, punt, streepje, liggend streepje of @.
username-taken = Deze gebruikersnaam is al in gebruik.
email-invalid = Dit is geen geldig e-mailadres.
role-invalid = Kies een rol uit de lijst.
grant-add-title = Rol toekennen
grant-add = Rol toekennen
grant-added = De rol is toegekend.
grant-revoke = Intrekken
grant-revoked = De rol is ingetrokken.
grant-conflict = Deze gebruiker heeft deze rol al, of de instelling bestaat niet.
grant-institution-required = Kies een instelling: een instellingscoördinator hoort bij één instelling.
grant-institution-not-allowed = Deze rol geldt voor het hele programma; kies geen instelling.
grant-revoke-self = U kunt uw eigen rol als programmamanager niet intrekken; laat een andere programmamanager dat doen.

## Instellingen
institutions-title = Instellingen
institutions-search = Zoek op code, naam of plaats
institutions-empty = Er zijn nog geen instellingen. Voeg er een toe of importeer een CSV-bestand.
institutions-none-found = Geen instellingen gevonden. Probeer een andere zoekterm.
institution-code = Onderwijsinstellingscode (BRIN)
institution-code-hint = Vier tekens: twee cijfers en twee letters of cijfers, bijvoorbeeld 25LX.
institution-name = Naam
institution-place = Plaats
institution-region = Regio
institution-teaching-staff = Onderwijzend personeel
institution-status = Status
institution-status-active = Actief
institution-status-inactive = Niet actief
institution-new-title = Nieuwe instelling
institution-edit = Gegevens wijzigen
institution-edit-title = { $name } wijzigen
institution-created = { $name } is toegevoegd.
institution-saved = De wijzigingen in { $name } zijn opgeslagen.
institution-code-taken = Er is al een instelling met code { $code }.
institution-code-invalid = “{ $value }” is geen geldige onderwijsinstellingscode: gebruik twee cijfers en twee letters of cijfers, bijvoorbeeld 25LX.
institution-status-invalid = “{ $value }” is geen geldige status: gebruik active (actief) of inactive (inactief).
institution-unknown = Het account is aangemaakt, maar de rol niet: de gekozen instelling bestaat niet.
field-required = Dit veld is verplicht.
field-too-long = Gebruik hoogstens { $max } tekens.
field-whole-number = “{ $value }” is geen geldig aantal: gebruik een heel getal van { $min } tot { $max }.

## Import
institution-import-title = Instellingen importeren
import-help = Upload een CSV-bestand met een kopregel en de kolommen code, name, place, region, teaching_staff en (optioneel) status. Nederlandse kolomnamen (brin, naam, plaats, regio, onderwijzend_personeel) en een puntkomma als scheidingsteken mogen ook. Bestaande codes worden bijgewerkt.
import-file = CSV-bestand
import-partial = Importeer de goede regels, ook als andere regels fouten bevatten
import-submit = Importeren
import-refused = Er is niets geïmporteerd, omdat het bestand fouten bevat. Verbeter de regels hieronder en probeer het opnieuw.
import-partial-skipped = De regels hieronder bevatten fouten en zijn overgeslagen.
import-problems = Gevonden fouten
import-line = Regel
import-field = Veld
import-reason = Wat is er mis
import-done = Import klaar: { $created } toegevoegd, { $updated } bijgewerkt, { $skipped } { $skipped ->
    [one] foute regel
   *[other] foute regels
  } overgeslagen.
import-no-file = Kies een CSV-bestand om te importeren.
import-upload-failed = Het bestand kon niet worden ontvangen. Probeer het opnieuw.
import-unknown-column = Onbekende kolom “{ $column }”.
import-missing-column = De kolom “{ $column }” ontbreekt.
import-duplicate-column = De kolom “{ $column }” komt twee keer voor.
import-duplicate-code = Code { $code } staat ook al op regel { $first }.
import-wrong-column-count = Deze regel heeft { $found } kolommen; de kopregel heeft er { $expected }.
import-unreadable = Deze regel is niet te lezen als CSV ({ $detail }).

## Auditlog
audit-title = Auditlog
audit-intro = Elke wijziging en elke inzage van gevoelige gegevens wordt hier vastgelegd. Het log kan niet worden gewijzigd of gewist.
audit-when = Tijdstip (UTC)
audit-actor = Wie
audit-entity = Onderwerp
audit-action = Handeling
audit-summary = Omschrijving
audit-from = Vanaf datum
audit-to = Tot en met datum
audit-empty = Geen regels gevonden voor deze filters.

## Fouten
error-code = Foutcode
error-go-home = Naar de startpagina
error-400-title = Dit verzoek klopt niet
error-401-title = Log eerst in
error-401-detail = Voor deze pagina moet u ingelogd zijn.
error-403-title = Geen toegang
error-403-detail = Uw account heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op met de programmamanager.
error-404-title = Pagina niet gevonden
error-404-detail = Deze pagina bestaat niet (meer). Controleer het adres, of ga naar de startpagina.
error-409-title = Dit kan niet worden opgeslagen
error-conflict-detail = Dit botst met gegevens die al bestaan. Ververs de pagina en probeer het opnieuw.
error-csrf-title = Formulier verlopen
error-csrf-detail = Het formulier is verlopen of niet vanaf deze site verstuurd. Ga terug, ververs de pagina en probeer het opnieuw.
error-500-title = Er ging iets mis
error-500-detail = Er ging aan onze kant iets mis. Uw gegevens zijn niet verloren. Probeer het over een paar minuten opnieuw; blijft het probleem bestaan, meld het dan bij de programmamanager.
error-form-too-large = Het formulier is te groot om te verwerken.

## Opdrachtregel
cli-demo-database = Demodatabase: { $path }
cli-demo-accounts = Demo-accounts (fictief, alleen voor de demo): rol, gebruikersnaam, wachtwoord
cli-serving = Bekwaam draait op { $url }
cli-migrated = De database is bijgewerkt.
cli-user-created = Account { $username } aangemaakt.
cli-temporary-password = Tijdelijk wachtwoord (bij eerste keer inloggen wijzigen): { $password }
cli-user-exists = Er is al een account met gebruikersnaam { $username }.
cli-user-unknown = Er is geen account met gebruikersnaam { $username }.
cli-role-invalid = --role: onbekende rol “{ $role }”; kies programme_manager, steering_group, researcher, coordinator of expert.
cli-granted = { $username } heeft nu de rol { $role }.
cli-grant-conflict = Deze rol is al toegekend, of de instelling bestaat niet.
cli-import-refused = Niets geïmporteerd: { $errors } { $errors ->
    [one] fout
   *[other] fouten
  }. Verbeter het bestand, of gebruik --partial om alleen de goede regels te importeren.
cli-apikey-once = Bewaar deze sleutel nu: hij wordt niet opnieuw getoond.
