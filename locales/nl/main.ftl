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
grant-conflict = Deze gebruiker heeft deze rol al.
grant-institution-unknown = De gekozen instelling bestaat niet.
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
error-form-invalid = Het formulier kon niet worden gelezen. Vul het opnieuw in en verstuur het nog eens.

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
cli-grant-conflict = Deze rol is al toegekend.
cli-grant-institution-unknown = De instelling bestaat niet.
cli-import-refused = Niets geïmporteerd: { $errors } { $errors ->
    [one] fout
   *[other] fouten
  }. Verbeter het bestand, of gebruik --partial om alleen de goede regels te importeren.
cli-apikey-once = Bewaar deze sleutel nu: hij wordt niet opnieuw getoond.

## Monitor: afnames
nav-waves = Monitor
nav-outbox = Uitgaande e-mail
error-422-title = Dit kan zo niet worden verwerkt
date-invalid = “{ $value }” is geen geldige datum: gebruik JJJJ-MM-DD.
waves-title = Afnames van de monitor
waves-intro = De monitor wordt elke twee jaar afgenomen bij alle mbo-instellingen. Een afname legt de versie van de vragenlijst en de deelnemende instellingen vast.
waves-empty = Er zijn nog geen afnames.
wave-new-title = Nieuwe afname
wave-name = Naam
wave-name-hint = Bijvoorbeeld het jaar van de afname: 2026.
wave-name-invalid = Geef een naam van 1 tot 60 tekens.
wave-name-taken = Er is al een afname met deze naam.
wave-instrument-unknown = Deze vragenlijst (versie) bestaat niet.
wave-institution-unknown = Een van de gekozen instellingen bestaat niet.
wave-instrument = Vragenlijst (versie)
wave-instrument-required = Kies een vragenlijst.
wave-opens-on = Opent op
wave-closes-on = Sluit op
wave-dates-order = De sluitdatum ligt vóór de openingsdatum.
wave-institutions = Deelnemende instellingen
wave-institutions-required = Kies minstens één instelling.
wave-create = Afname aanmaken
wave-created = De afname { $name } is aangemaakt (concept).
wave-title = Afname { $name }
wave-state = Status
wave-period = Periode
wave-state-draft = Concept
wave-state-open = Open
wave-state-closed = Gesloten
wave-state-archived = Gearchiveerd
wave-move-to = Zet op: { $state }
wave-state-title = Status van de afname wijzigen
wave-confirm = weet u zeker dat u afname { $name } deze status wilt geven? Dit kan niet worden teruggedraaid.
wave-confirm-submit = Ja, wijzig de status
wave-close-warning = Na het sluiten kan niemand meer antwoorden, en de e-maillijst van deze afname (de koppeling tussen e-mailadres en link) wordt definitief verwijderd.
wave-state-changed = De afname heeft nu de status { $state }.
wave-state-invalid = Deze statuswijziging kan niet: een afname gaat van concept naar open, gesloten en gearchiveerd.
wave-invite-heading = Uitnodigen
wave-invite-for = Uitnodigen voor { $name }
fieldwork-title = Respons
fieldwork-intro = Aantallen per instelling en team. Bekwaam toont nooit of een bepaalde persoon heeft gereageerd.
fieldwork-empty = Er zijn nog geen uitnodigingen verstuurd.
fieldwork-institution = Instelling
fieldwork-unit = Team
fieldwork-no-unit = (geen team)
fieldwork-invited = Uitgenodigd
fieldwork-started = Begonnen
fieldwork-completed = Afgerond
fieldwork-rate = Respons

## Monitor: uitnodigen
invite-title = Uitnodigen: { $name }
invite-problems = Er is niets verstuurd. Verbeter het volgende:
invite-not-open = Deze afname is niet open. Anonieme links kunt u al aanmaken; e-mail versturen kan pas als de afname open is.
invite-needs-open = Dit kan alleen als de afname open is.
invite-units-link = Teams en colleges van deze instelling beheren
invite-unit = Team (optioneel)
invite-unit-none = Geen team
links-heading = Anonieme links
links-intro = Maak een aantal anonieme links aan, bijvoorbeeld om uit te delen in een teamvergadering. Elke link is voor één persoon; wie de link heeft, kan de vragenlijst invullen en later verder gaan.
links-count = Aantal links
links-count-invalid = Kies een aantal van 1 tot { $max }.
links-submit = Links aanmaken
links-title = Anonieme links
links-created = { $count } links aangemaakt.
links-once = Print deze pagina of sla haar op: de links worden maar één keer getoond, omdat Bekwaam ze niet bewaart.
links-slip-text = Vul de monitor Digitaal Bekwaam in: scan de code of open de link. Je antwoorden zijn anoniem.
emails-heading = Uitnodigen per e-mail
emails-intro = Upload een bestand met één e-mailadres per regel, eventueel gevolgd door een komma en de naam van het team. Iedereen krijgt een persoonlijke link. Na het sluiten van de afname wordt de e-maillijst verwijderd.
emails-outbox-hint = Er is geen mailserver ingesteld: berichten komen in de uitgaande e-mail die de programmamanager kan lezen.
emails-file = Bestand met e-mailadressen
emails-submit = Uitnodigingen versturen
email-list-invalid = “{ $value }” is geen geldig e-mailadres.
email-list-unit = Het team “{ $unit }” bestaat niet bij deze instelling.
email-list-empty = Het bestand bevat geen e-mailadressen.
invite-sent = { $sent } uitnodigingen verstuurd; { $skipped } adressen waren al uitgenodigd.
remind-heading = Herinnering sturen
remind-intro = Stuur een herinnering aan iedereen die per e-mail is uitgenodigd en nog niet heeft afgerond. Zij krijgen een nieuwe link; hun eerdere link blijft werken en wat ze al hebben ingevuld blijft bewaard.
remind-submit = Herinneringen versturen
remind-sent = { $sent } herinneringen verstuurd.
mail-invite-subject = Uitnodiging: monitor Digitaal Bekwaam MBO
mail-invite-body = Beste collega,

    { $institution } doet mee aan de monitor Digitaal Bekwaam MBO. Met deze vragenlijst (ongeveer 15 minuten) breng je je eigen ict-bekwaamheid in beeld; aan het eind krijg je een persoonlijk profiel met tips.

    Je antwoorden zijn anoniem: niemand van je instelling kan zien wat jij hebt ingevuld. Je kunt tussendoor stoppen en later verder gaan met dezelfde link.

    Jouw persoonlijke link: { $link }

    De vragenlijst sluit op { $closes }.
mail-reminder-subject = Herinnering: monitor Digitaal Bekwaam MBO
mail-reminder-body = Beste collega,

    Je hebt de monitor Digitaal Bekwaam MBO van { $institution } nog niet afgerond. Met de link hieronder (of met je eerdere link) ga je verder waar je was gebleven.

    Jouw persoonlijke link: { $link }

    De vragenlijst sluit op { $closes }.
units-title = Teams en colleges: { $name }
units-intro = Teams en colleges gebruikt u om uitnodigingen te verdelen en de respons per team te volgen. Uitkomsten per team worden alleen getoond als er genoeg respondenten zijn.
units-empty = Er zijn nog geen teams.
unit-name = Naam van het team of college
unit-add = Team toevoegen
unit-added = Het team { $name } is toegevoegd.
unit-name-invalid = Geef een naam van 1 tot 100 tekens.
unit-name-taken = Dit team bestaat al.
unit-unknown = Dit team bestaat niet bij deze instelling.
outbox-title = Uitgaande e-mail
outbox-intro = Er is geen mailserver ingesteld, daarom worden berichten hier bewaard in plaats van verstuurd. Berichten van een afname worden verwijderd als de afname sluit.
outbox-empty = Er is geen uitgaande e-mail.
outbox-to = Aan:

## Vragenlijst
survey-footer = Je antwoorden zijn anoniem. Alleen wie deze link heeft, kan je antwoorden en je profiel zien.
survey-about-you = Over jou
survey-progress = Stap { $page } van { $pages }
survey-page-errors = Nog niet alle vragen op deze pagina zijn (goed) beantwoord. Wat je al had ingevuld is bewaard.
survey-missing = Kies een antwoord.
survey-invalid = Dit antwoord is niet mogelijk; kies een van de opties.
survey-choose = Maak een keuze
survey-next = Opslaan en verder
survey-back = Vorige
survey-saved-hint = Elke pagina wordt bewaard zodra je verder gaat. Je kunt stoppen en later verder gaan met dezelfde link.
survey-finish-title = Afronden
survey-finish-intro = Je hebt alle onderdelen gezien. Na het afronden kun je je antwoorden niet meer wijzigen, en zie je je persoonlijke profiel.
survey-unanswered = Er { $count ->
    [one] is nog { $count } vraag
   *[other] zijn nog { $count } vragen
  } zonder antwoord. Bij afronden ga je naar de eerste open vraag.
survey-complete = Afronden en profiel bekijken
survey-not-open = Deze vragenlijst is nog niet geopend. Probeer het later opnieuw.
survey-closed = Deze vragenlijst is gesloten; er kunnen geen antwoorden meer worden gegeven.
survey-completed = Je hebt deze vragenlijst al afgerond; je antwoorden kunnen niet meer worden gewijzigd.
survey-not-completed = Deze vragenlijst is nog niet afgerond; het profiel komt na het afronden.
survey-api-invalid = Deze antwoorden passen niet bij de vragenlijst: { $fields }.
survey-api-unanswered = Er zijn nog { $count } vragen zonder antwoord.
survey-no-score = Te weinig antwoorden
survey-no-score-detail = Je hebt in dit onderdeel te weinig vragen beantwoord (of vaak n.v.t. gekozen) voor een score.
feedback-title = Jouw profiel
feedback-intro = Zo zie jij je eigen ict-bekwaamheid, per onderdeel op een schaal van 0 tot 100. Dit profiel is alleen voor jou: niemand anders kan het zien.
feedback-chart-title = Jouw score per onderdeel (0 tot 100)
feedback-chart-caption = Balk: jouw score per onderdeel, van 0 (links) tot 100 (rechts).
feedback-table-caption = Jouw scores
feedback-domain = Onderdeel
feedback-score = Score
feedback-level = Niveau
feedback-tips = Tips
feedback-download = Profiel downloaden
feedback-private = Bewaar de link of download je profiel als je het later terug wilt zien. Niemand anders kan je profiel opvragen.

## Vragenlijst-bestanden
instrument-syntax = Het bestand is geen geldige TOML of past niet bij het formaat: { $detail }
instrument-id-invalid = “{ $id }” is geen geldige id: gebruik kleine letters, cijfers en streepjes.
instrument-id-duplicate = De id “{ $id }” komt twee keer voor.
instrument-text-missing = Deze tekst ontbreekt in het Nederlands of Engels.
instrument-share-range = min_answered_share moet groter dan 0 en hoogstens 1 zijn.
instrument-list-empty = Deze lijst mag niet leeg zijn.
instrument-scale-kind = Onbekend soort schaal “{ $kind }”: gebruik agreement, frequency of proficiency.
instrument-scale-options = Een schaal heeft minstens twee antwoordopties.
instrument-scale-ascending = De waarden van de antwoordopties moeten oplopen en uniek zijn.
instrument-unknown-domain = Er is geen deelgebied “{ $id }”.
instrument-unknown-scale = Er is geen schaal “{ $id }”.
instrument-unknown-item = Er is geen vraag “{ $id }”.
instrument-levels-count = Deze vraag heeft { $found } niveauomschrijvingen; de schaal heeft er { $expected }.
instrument-levels-not-allowed = Niveauomschrijvingen horen alleen bij een schaal van soort proficiency.
instrument-domain-items = Deelgebied “{ $id }” heeft minder dan drie vragen.
instrument-background-source = Onbekende bron “{ $source }”: alleen units is mogelijk.
instrument-background-options = Geef antwoordopties, of source = "units" zonder opties.
instrument-indicator-domain-mean = Een indicator domain_mean heeft een deelgebied en geen items of drempel.
instrument-indicator-share = Een indicator share_at_least heeft items en een drempel binnen het bereik van hun schaal.
instrument-indicator-kind = Onbekend soort indicator “{ $kind }”: gebruik domain_mean of share_at_least.
instrument-bands = De niveaus moeten oplopen, beginnen bij 0 en onder 100 blijven.
instrument-feedback-twice = Deelgebied “{ $id }” heeft twee keer feedback.
instrument-feedback-missing = Deelgebied “{ $id }” heeft geen feedback.
cli-instrument-ok = Vragenlijst { $id } versie { $version } is in orde ({ $items } vragen).
cli-instrument-loaded = Vragenlijst { $id } versie { $version } is opgeslagen.
cli-instrument-exists = Vragenlijst { $id } versie { $version } bestaat al met een andere inhoud; geef de nieuwe inhoud een nieuw versienummer.
cli-wave-unknown = Er is geen afname met de naam { $wave }.
cli-wave-institution = Instelling { $code } doet niet mee aan afname { $wave }.
cli-demo-survey = Probeer de vragenlijst als docent: { $url }

## Onthullingsbeheersing
disclosure-too-small = Deze selectie telt minder dan { $min } respondenten. Om niemand herkenbaar te maken, tonen we hier geen cijfers. Kies een bredere selectie.
disclosure-complement-too-small = Buiten deze selectie vallen minder dan { $min } respondenten; uit het verschil met het totaal zouden hun antwoorden af te leiden zijn. Kies een andere selectie.
disclosure-linked = Een andere keuze bij deze vraag telt minder dan { $min } respondenten (of te weinig respondenten lieten de vraag open); samen met deze selectie zouden hun antwoorden af te leiden zijn. Deze selectie wordt daarom ook niet getoond. Kies een andere vraag.
report-wave-open = De resultaten van deze afname verschijnen pas als de afname gesloten is: zolang er nog antwoorden bijkomen, zou het verschil tussen twee rapportages laten zien wat één docent antwoordde. Tot dan is alleen de voortgang van het veldwerk te zien.
fieldwork-suppressed = <{ $min }: minder dan { $min }. Om niemands deelname herkenbaar te maken, tonen we kleinere aantallen (en hun respons) niet, hoeveel mensen er ook zijn uitgenodigd. Soms verbergen we ook een tweede aantal van dezelfde instelling, zodat het eerste niet uit een totaal volgt.

## Reports (analysis)
report-suppressed-marker = <{ $min }
report-footer = Gegenereerd op { $date } · Cijfers over groepen van minder dan { $min } respondenten worden niet getoond, ook niet als ze uit andere cijfers af te leiden zouden zijn.
report-chart-bars-desc = Gemiddelde score per deelgebied op een schaal van 0 tot 100, met een streepje voor de vergelijkingsgroep.
report-chart-levels-desc = Per deelgebied het aandeel respondenten op elk niveau.
report-chart-trend-desc = Gemiddelde score per deelgebied in elke meting, schaal 0 tot 100.
report-institution-title = { $institution } · monitor { $wave }
report-sector-title = Sectorrapportage monitor { $wave }
report-domains-title = Scores per deelgebied
report-domains-intro = De score is het gemiddelde van de antwoorden op de vragen van een deelgebied, omgerekend naar 0 tot 100. 'n.v.t.' telt niet mee; een score telt alleen als minstens de helft van de vragen is beantwoord.
report-domains-chart = Score per deelgebied
report-domains-note = Verschil en p: vergeleken met de rest van de sector (Welch-toets); g: effectgrootte (Hedges' g); α: betrouwbaarheid (Cronbachs alfa); t.o.v. vorige: verschil met de vorige meting van de instelling.
report-sector = Sector
report-levels-title = Verdeling over de niveaus
report-indicators-title = Indicatoren
report-indicators-note = Aandelen met het 95%-betrouwbaarheidsinterval (Wilson) tussen haakjes.
report-trend-title = Ontwikkeling over de metingen
report-teams-title = Teams
report-teams-note = Teams met minder dan { $min } respondenten worden niet getoond; zo nodig ook een ander team, zodat hun cijfers niet uit het totaal af te leiden zijn.
report-strengths-title = Sterke punten
report-attention-title = Aandachtspunten
report-no-strengths = Geen deelgebied ligt duidelijk (significant, met minstens een klein effect) boven de rest van de sector.
report-no-attention = Geen deelgebied ligt duidelijk (significant, met minstens een klein effect) onder de rest van de sector.
report-point = { $domain }: { $diff } punten verschil met de rest van de sector (g = { $g })
report-key-respondents = Respondenten
report-key-response-rate = Respons
report-key-strengths = Sterke punten
report-key-attention = Aandachtspunten
report-key-institutions = Instellingen
report-key-increase = Stijging in elk deelgebied
report-increase-yes = Ten opzichte van de meting { $wave } is de gemiddelde score in elk deelgebied gestegen.
report-increase-no = Ten opzichte van de meting { $wave } is de gemiddelde score niet in elk deelgebied gestegen.
report-increase-none = Er is geen eerdere meting om mee te vergelijken.
report-yes = Ja
report-no = Nee
report-sector-chart = Sectorscore per deelgebied
report-wave-label = Meting { $wave }
report-sector-domains-note = Verschil, p en g: ten opzichte van de vorige meting (Welch-toets, Hedges' g). α: Cronbachs alfa met 95%-interval (Feldt).
report-spread-title = Spreiding tussen instellingen
report-spread-note = Over de gemiddelden van de instellingen die getoond mogen worden.
report-institutions-title = Instellingen
report-institutions-note = Instellingen staan anoniem vermeld, tenzij ze ermee hebben ingestemd met naam genoemd te worden. Instellingen met minder dan { $min } respondenten, en zo nodig één andere, worden niet getoond.
report-anonymous-institution = Instelling { $letter }
report-col-domain = Deelgebied
report-col-n = n
report-col-score = Score
report-col-ci = 95%-interval
report-col-sd = sd
report-col-sector = Sector
report-col-diff = Verschil
report-col-p = p
report-col-g = g
report-col-alpha = α
report-col-alpha-ci = α 95%-interval
report-col-previous-diff = t.o.v. vorige
report-col-indicator = Indicator
report-col-own = Instelling
report-col-sector-wave = Sector { $wave }
report-col-team = Team
report-col-institution = Instelling
report-col-institutions = Instellingen
report-col-min = Laagste
report-col-q1 = 1e kwartiel
report-col-median = Mediaan
report-col-q3 = 3e kwartiel
report-col-max = Hoogste
praatplaat-title = Praatplaat { $who } · monitor { $wave }
praatplaat-team-hidden = Dit team telt minder dan { $min } respondenten (of moet verborgen blijven om een ander klein team te beschermen). Gebruik de praatplaat van de hele instelling.
praatplaat-questions = Om samen over te praten
praatplaat-q-strongest = We scoren het hoogst op '{ $domain }'. Wat doen we daar dat werkt, en wie kan dat aan collega's laten zien?
praatplaat-q-weakest = We scoren het laagst op '{ $domain }'. Herkennen we dat, en wat hebben we nodig om hier een stap te zetten?
praatplaat-q-step = Welke ene concrete stap zetten we dit studiejaar samen, en hoe zien we bij de volgende meting of het gewerkt heeft?
nav-reports = Rapportages
reports-title = Rapportages
reports-intro = Per meting de rapportage van je instelling en, voor de programmarollen, de sectorrapportage. Cijfers over groepen van minder dan de minimale groepsgrootte worden nooit getoond.
reports-empty = Er zijn nog geen metingen met resultaten.
report-filter-label = Alleen respondenten met
report-filter-none = (iedereen)
report-filter-apply = Toon
report-filtered = Alleen respondenten met '{ $question }': { $option }
report-bad-filter = Het filter '{ $filter }' bestaat niet in deze vragenlijst.
report-bad-format = Onbekend formaat '{ $format }'. Kies pdf, xlsx, csv of praatplaat.
report-team-with-filter = Een praatplaat per team kan niet met een filter: zo zou een kleine groep herkenbaar kunnen worden.
report-download-pdf = Rapport (PDF)
report-download-xlsx = Tabellen (Excel)
report-download-csv = CSV
report-download-praatplaat = Praatplaat (PDF)
report-download-team-praatplaat = Praatplaat { $team }
report-consent-title = Naam in de sectorrapportage
report-consent-now-named = Deze instelling staat met naam in de sectorrapportage.
report-consent-now-anonymous = Deze instelling staat anoniem in de sectorrapportage (als 'Instelling' met een letter).
report-consent-make-named = Toestemming geven om met naam genoemd te worden
report-consent-make-anonymous = Toestemming intrekken: anoniem tonen
report-consent-named = De instelling wordt voortaan met naam genoemd in de sectorrapportage.
report-consent-anonymous = De instelling wordt voortaan anoniem getoond in de sectorrapportage.
report-consent-bad = Kies ja of nee.
import-mapping-syntax = Het koppelbestand is geen geldige TOML: { $detail }
import-mapping-unknown-item = Vraag '{ $item }' bestaat niet in de vragenlijst van deze meting.
import-mapping-no-items = Het koppelbestand koppelt geen enkele vraag ([items] is leeg).
import-mapping-unknown-question = Achtergrondvraag '{ $question }' bestaat niet (of is de teamvraag; gebruik daarvoor 'unit').
import-mapping-unknown-option = Achtergrondvraag '{ $question }' heeft geen antwoordmogelijkheid '{ $option }'.
import-csv-invalid = Het CSV-bestand is niet te lezen: { $detail }
import-sav-invalid = Het SPSS-bestand is niet te lezen: { $detail }
import-unknown-institution = Instelling '{ $code }' doet niet mee aan deze meting.
import-unknown-unit = Team '{ $unit }' bestaat niet bij deze instelling.
import-bad-value = Waarde '{ $value }' past niet bij vraag { $item } (verwacht een geheel getal van { $min } tot en met { $max }).
import-bad-choice = Waarde '{ $value }' is geen antwoordmogelijkheid van '{ $question }'.
cli-report-not-found = Deze rapportage bestaat niet (onbekende instelling, of de instelling doet niet mee aan deze meting).
cli-report-praatplaat-institution = Een praatplaat is er alleen per instelling: geef --institution.
cli-report-tables = Tabel '{ $table }' bestaat niet in deze rapportage. Kies uit: { $tables }
cli-report-written = { $path } geschreven ({ $bytes } bytes).
cli-import-open-wave = Meting { $wave } staat open; importeer alleen in een meting die (nog) niet of niet meer openstaat.
cli-import-small-addition = instelling { $institution }: { $count } antwoorden erbij in een gesloten afname met gepubliceerde resultaten; per instelling moeten het er minstens { $min } zijn, anders laat het verschil tussen de rapportages van voor en na de import zien wat deze docenten antwoordden
cli-responses-refused = Niets geïmporteerd: { $count } { $count ->
    [one] fout
   *[other] fouten
  } (zie hierboven).
cli-import-done = { $count } antwoorden geïmporteerd in meting { $wave }.
microdata-title = Microdata meting { $wave }
microdata-intro = Een bestand met één regel per ingevulde vragenlijst, voor onderzoek. Om niemand herkenbaar te maken geldt:
microdata-rule-ids = respondenten krijgen bij elke export nieuwe willekeurige nummers en er staat geen instelling in (ook geen nummer); twee exports zijn niet aan elkaar te koppelen;
microdata-rule-items = de vragen staan erin zoals beantwoord (niet omgepoold); 'n.v.t.' en geen antwoord zijn beide leeg; de scores per deelgebied (0–100) staan erbij;
microdata-rule-audit = elke export wordt vastgelegd in het logboek.
microdata-format = Formaat
microdata-start = Export maken
microdata-link = Microdata (onderzoekers)
export-running = Bezig met exporteren:
export-refresh = Deze pagina ververst zichzelf tot het bestand klaar is.
export-done = Klaar: { $count } regels.
export-download = Bestand downloaden
export-kept = Het bestand blijft een uur beschikbaar, alleen voor jou.
export-failed = De export is mislukt. Probeer het opnieuw of meld het de beheerder.
export-too-many-rows = Deze meting heeft { $count } afgeronde responsen; een XLSX-werkblad kan er hoogstens { $max } bevatten. Kies CSV of SPSS (.sav).
cli-export-written = { $path } geschreven: { $count } regels.
microdata-rule-order = de regels staan bij elke export in een nieuwe willekeurige volgorde; resp is het regelnummer;
microdata-rule-dropped = instellingen met minder respondenten dan de minimale groepsgrootte (k) staan er helemaal niet in; namen, codes, teams en datums evenmin;
microdata-rule-kanon = k-anonimiteit: elke combinatie van achtergrondantwoorden komt minstens k keer voor; waar dat anders niet zo zou zijn, is een achtergrondantwoord leeggemaakt;
microdata-rule-codebook = bij elke export hoort een codeboek: variabelen, labels, waarden, en hoeveel regels zijn weggelaten en antwoorden leeggemaakt. CSV en SPSS komen als zip-bestand met het codeboek erin; bij Excel staat het op het tweede werkblad;
export-zip-note = Het zip-bestand bevat de gegevens en het codeboek (codeboek.csv) met wat er is weggelaten of leeggemaakt.
export-xlsx-note = Het codeboek, met wat er is weggelaten of leeggemaakt, staat op het tweede werkblad.
codebook-name = codeboek
codebook-title = Codeboek microdata meting { $wave }
codebook-k = k (minimale groepsgrootte; k-anonimiteit)
codebook-rows-wave = Afgeronde vragenlijsten in de meting
codebook-rows-dropped = Weggelaten regels (instellingen met minder dan k respondenten)
codebook-institutions-dropped = Weggelaten instellingen
codebook-rows-kept = Regels in dit bestand
codebook-institutions-kept = Instellingen in dit bestand
codebook-blanked-total = Leeggemaakte achtergrondantwoorden (k-anonimiteit), totaal
codebook-method = Methode
codebook-method-text = Volgorde van de regels en alle nummers zijn per export nieuw en willekeurig. Instellingen met minder dan k respondenten zijn weggelaten. Elke combinatie van instelling en achtergrondantwoorden komt minstens k keer voor (k-anonimiteit door lokale onderdrukking): een antwoord dat binnen zijn groep te weinig voorkomt, is leeggemaakt, de variabelen met de minste categorieën eerst. Een leeg antwoord telt als eigen categorie; leeggemaakt en niet beantwoord zijn in het bestand niet te onderscheiden.
codebook-variable = variabele
codebook-label = label
codebook-values = waarden
codebook-blanked = leeggemaakt (k-anonimiteit)
codebook-blanked-share = aandeel leeggemaakt (%)
codebook-unanswered = niet beantwoord
survey-open-optional = (niet verplicht)
survey-open-too-long = Je antwoord is te lang: hooguit { $max } tekens.
report-open-title = Open antwoorden
report-open-intro = Antwoorden op de open vragen, zoals gegeven, op alfabetische volgorde. De coördinator heeft ze nagekeken en antwoorden verborgen waaruit iemand te herkennen is.
report-open-pending = { $count } { $count ->
    [one] antwoord wacht
   *[other] antwoorden wachten
  } nog op controle door de coördinator en { $count ->
    [one] wordt
   *[other] worden
  } pas daarna getoond.
report-open-none = Nog geen nagekeken antwoorden.
review-title = Open antwoorden nakijken
review-back = Terug naar de rapportage
review-link = Open antwoorden nakijken
review-intro = Lees de antwoorden en vink aan wat iemand herkenbaar maakt (een naam, een unieke functie, een herkenbaar voorval). Aangevinkte antwoorden worden nergens getoond; de andere verschijnen in de rapportage van de instelling. Bij opslaan gelden alle antwoorden op deze pagina als nagekeken.
review-no-answers = Nog geen antwoorden.
review-hide = Verbergen: maakt iemand herkenbaar
review-new = nieuw
review-save = Opslaan en als nagekeken markeren
review-saved = { $count } antwoorden nagekeken.
review-too-small = Deze instelling telt minder dan { $min } ingevulde vragenlijsten. Open antwoorden worden dan niet getoond, en ook niet ter controle.
review-bad-key = Dit formulier is niet geldig; laad de pagina opnieuw.

## Programme management
nav-programme = Programma
programme-title = Programma
programme-lead = Staan we op koers? De voortgang van { $name } per doelstelling, berekend uit de gegevens op dit platform.
programme-version-link = Programmadefinitie (versie { $version })
programme-milestones-done = Mijlpalen gereed
programme-milestones-late = Mijlpalen te laat
programme-kpis-with = KPI's
programme-objectives = Doelstellingen
programme-objective = Doelstelling { $number }
programme-objective-nothing = Aan deze doelstelling hangen nog geen KPI's of mijlpalen.
programme-objective-no-data = { $count } KPI('s) zonder gegevens: het onderdeel dat ze levert bestaat nog niet, of er is nog niets ingevoerd.
kpi-light-green = op koers
kpi-light-amber = aandacht
kpi-light-red = niet gehaald
kpi-light-grey = nog geen gegevens
kpi-trend-better = beter dan de vorige meting
kpi-trend-worse = slechter dan de vorige meting
kpi-trend-same = gelijk aan de vorige meting
kpi-trend-unknown = nog geen vorige meting
kpi-reason-no-data = Nog geen gegevens.
kpi-reason-met = { $value } in { $period }: doel gehaald.
kpi-reason-running = { $value } tot nu toe; het doel is { $target } en kan tot { $deadline } nog gehaald worden.
kpi-reason-missed = { $value } in { $period }; het doel was { $target }.
kpi-detail-monitor = Sectorrapport { $wave } tegenover { $previous }: gemiddelde per deelgebied.
kpi-origin-manual = Ingevoerd door { $by } op { $on }. { $note }
kpis-title = KPI's
kpis-intro = Elke KPI met doel, bron in het plan, de gemeten waarden en waar die vandaan komen. Een KPI die berekend wordt, komt uit de gegevens op dit platform; een KPI die met de hand wordt bijgehouden, toont wie de waarde invoerde en wanneer.
kpi-target = Doel
kpi-status = Status
kpi-trend = Ontwikkeling
kpi-action-line = Speerpunt
kpi-objective = Doelstelling
kpi-at-least = minstens
kpi-at-most = hoogstens
kpi-period-due = uiterlijk { $date }
kpi-period-once = eenmalig
kpi-period-school-year = per studiejaar
kpi-period-calendar-year = per kalenderjaar
kpi-period-month = per maand
kpi-period-programme = over het hele programma
kpi-rule-manual = Met de hand bijgehouden.
kpi-rule-computed = Berekend uit de gegevens op het platform: { $what }.
kpi-rule-missing = Wordt berekend uit { $what } zodra het onderdeel dat deze gegevens bijhoudt bestaat; tot dan: nog geen gegevens.
kpi-no-data = Nog geen gegevens.
kpi-observations = Gemeten waarden
kpi-period = Periode
kpi-period-hint = Bijvoorbeeld 2024-2025 of 2024.
kpi-period-ends = Laatste dag van de periode
kpi-value = Waarde
kpi-value-hint = Een getal; bij ja/nee: 1 voor ja, 0 voor nee.
kpi-note = Toelichting (optioneel)
kpi-origin = Herkomst
kpi-entry-add = Waarde invoeren
kpi-entry-save = Waarde opslaan
kpi-entry-saved = De waarde is opgeslagen.
kpi-entry-period-invalid = Vul de periode in (hoogstens 40 tekens).
kpi-entry-date-invalid = Vul een geldige datum in (jjjj-mm-dd).
kpi-entry-value-percent = Vul een percentage tussen 0 en 100 in.
kpi-entry-value-yes-no = Vul 1 (ja) of 0 (nee) in.
kpi-entry-value-number = Vul een getal van 0 of hoger in.
kpi-entry-note-long = De toelichting is te lang (hoogstens 500 tekens).
milestones-title = Mijlpalen
milestones-intro = De mijlpalen uit het activiteitenplan met hun planning. Een mijlpaal waarvan de datum voorbij is en die niet gereed is, staat op "te laat".
milestones-timeline = Tijdlijn van de activiteiten en mijlpalen
milestones-timeline-desc = Per activiteit een balk van begin tot eind en een ruit per mijlpaal op de geplande datum; de stippellijn is vandaag. Dezelfde gegevens staan in de tabel hieronder.
milestones-legend = Balken: activiteiten. Ruiten: mijlpalen (groen gereed, rood te laat, oranje bezig, blauw gepland). Stippellijn: vandaag.
milestones-table = Alle mijlpalen
milestones-record = Voortgang vastleggen
milestone-name = Mijlpaal
milestone-due-col = Gepland
milestone-due = gepland { $date }
milestone-evidence = Bewijs (link)
milestone-evidence-link = Bekijk
milestone-evidence-hint = Een link naar het document of de pagina die laat zien dat de mijlpaal bereikt is (https://...).
milestone-done-on = Gereed op
milestone-save = Opslaan
milestone-saved = De mijlpaal is bijgewerkt.
milestone-updated = Bijgewerkt door { $by } op { $on }
milestone-status-planned = gepland
milestone-status-running = bezig
milestone-status-done = gereed
milestone-status-late = te laat
milestone-status-invalid = Kies een status.
milestone-evidence-invalid = Vul een volledige link in die begint met https:// of http://.
milestone-done-needs-date = Vul de datum in waarop de mijlpaal gereed was.
programme-definition-title = Programmadefinitie
programme-definition-intro = De doelstellingen, speerpunten, activiteiten, mijlpalen, KPI's, begrotingsregels, trajecten en risico's, zoals overgenomen uit het plan. Huidige versie: { $version }.
programme-definition-format = Het formaat staat beschreven in docs/programme-format.md. Elke opgeslagen wijziging wordt een nieuwe versie; eerdere versies blijven leesbaar.
programme-definition-errors = De definitie is niet opgeslagen. Verbeter het volgende:
programme-definition-source = Definitie (TOML)
programme-definition-hint = Zet version op { $next } om als nieuwe versie op te slaan.
programme-definition-save = Opslaan als nieuwe versie
programme-version-saved = Versie { $version } van de programmadefinitie is opgeslagen.
programme-versions = Versies
programme-version = Versie
programme-saved-by = Opgeslagen door
programme-saved-at = Datum
programme-version-title = Programmadefinitie, versie { $version }
programme-version-saved-by = Opgeslagen door { $by } op
programme-version-next = version moet { $expected } zijn (één hoger dan de huidige versie) en id moet { $id } blijven.
programme-syntax = Het bestand is geen geldige TOML of past niet bij het formaat: { $detail }
programme-id-invalid = “{ $id }” is geen geldige id: gebruik kleine letters, cijfers en streepjes.
programme-id-duplicate = “{ $id }” komt twee keer voor.
programme-text-missing = Deze tekst ontbreekt in het Nederlands of Engels.
programme-date = “{ $value }” is geen datum; schrijf jjjj-mm-dd.
programme-period = De einddatum ligt voor de begindatum.
programme-unknown = “{ $id }” bestaat niet in deze definitie.
programme-choice = “{ $value }” is niet toegestaan; kies uit: { $allowed }.
programme-version-invalid = version moet een geheel getal van 1 of hoger zijn.
programme-letter = “{ $value }” is geen speerpuntletter: gebruik één hoofdletter.
programme-target = Het doel moet een getal van 0 of hoger zijn.
programme-due-once = Een eenmalig doel (period = "once") heeft een due-datum; andere periodes niet.
programme-to-check-note = Een regel met to_check = true heeft een note die zegt wat onzeker is.
programme-amounts-missing = Een regel zonder bedragen moet to_check = true hebben.
programme-amount = Een bedrag is 0 of hoger en een jaar ligt tussen 2000 en 2100.
programme-list-empty = Deze lijst mag niet leeg zijn.
budget-import-date = “{ $value }” is geen datum; schrijf jjjj-mm-dd of dd-mm-jjjj.
budget-import-line = Er is geen begrotingsregel “{ $value }”.
budget-import-kind = “{ $value }” is geen soort; gebruik realisatie of verplichting.
budget-import-amount = “{ $value }” is geen bedrag; schrijf bijvoorbeeld 1.234,56.
budget-import-description = Vul een omschrijving in (hoogstens 300 tekens).
budget-import-reference = Het kenmerk is te lang (hoogstens 100 tekens).
budget-import-empty = Het bestand bevat geen boekingen.
budget-title = Begroting en besteding
budget-intro = De begroting per regel en jaar uit de financiële onderbouwing van het plan, tegenover de aangegane verplichtingen en de werkelijke uitgaven. Saldo = begroot − verplicht − besteed; uitputting = besteed ÷ begroot.
budget-years = Per jaar
budget-year = Jaar
budget-planned = Begroot
budget-committed = Verplicht
budget-spent = Besteed
budget-variance = Saldo
budget-burn = Uitputting
budget-line = Begrotingsregel
budget-line-choose = Kies een begrotingsregel.
budget-kind = Soort
budget-kind-choose = Kies realisatie of verplichting.
budget-kind-actual = realisatie (besteed)
budget-kind-commitment = verplichting
budget-amount = Bedrag (€)
budget-amount-hint = Bijvoorbeeld 1.234,56; een correctie mag negatief zijn.
budget-date = Datum
budget-description = Omschrijving
budget-reference = Kenmerk (factuur, order)
budget-entered = Ingevoerd
budget-entry-add = Boeking invoeren
budget-entry-save = Boeking opslaan
budget-entry-saved = De boeking is opgeslagen.
budget-imported = { $count } boekingen geïmporteerd.
budget-import-title = Boekingen importeren
budget-import-help = Upload een CSV-bestand met de kolommen datum, regel, bedrag en omschrijving, en optioneel soort (realisatie of verplichting; leeg is realisatie) en kenmerk. Engelse kolomnamen (date, line, amount, description, kind, reference) en komma of puntkomma als scheidingsteken mogen ook. Een bestand met fouten wordt in zijn geheel geweigerd.
budget-import-refused = Er is niets geboekt, omdat het bestand fouten bevat. Verbeter de regels hieronder en probeer het opnieuw.
budget-entries = Boekingen
budget-entries-latest = De laatste 100 boekingen
budget-entries-empty = Er zijn nog geen boekingen.
budget-report-title = Financiële rapportage { $year }
budget-report-footer = Gemaakt op { $date } uit de begroting van het plan en de geboekte verplichtingen en uitgaven.
budget-table-lines = Per speerpunt
budget-table-line = Speerpunt { $line }
budget-total = Totaal
budget-to-check = te controleren
budget-to-check-note = De volgende bedragen zijn uit een slecht leesbare scan van het plan overgenomen en moeten nog met het origineel worden vergeleken:
steering-title = Stuurgroeprapportages
steering-intro = Elk kwartaal bespreekt de stuurgroep de voortgang. Een rapportage bundelt de voortgang per doelstelling, de KPI's, de mijlpalen, de risico's en de financiën, met de toelichting van de programmamanager. Na "bevriezen" verandert een rapportage niet meer; de stuurgroep leest de bevroren rapportages.
steering-empty = Er zijn nog geen rapportages.
steering-draft = concept
steering-new = Nieuwe rapportage
steering-quarter = Kwartaal
steering-quarter-hint = Bijvoorbeeld 2026-K4.
steering-quarter-invalid = Schrijf het kwartaal als jaar-K1 tot en met jaar-K4, bijvoorbeeld 2026-K4.
steering-quarter-exists = Er is al een rapportage voor { $quarter }.
steering-start = Rapportage starten
steering-report-title = Stuurgroeprapportage { $quarter }
steering-report-footer = Samengesteld op { $date } uit de gegevens van het platform.
steering-frozen-on = Bevroren op { $date } door { $by }
steering-frozen-explain = Deze rapportage is een vaste momentopname: latere wijzigingen in de gegevens veranderen haar niet.
steering-draft-explain = Dit is een concept: de cijfers zijn van vandaag en veranderen met de gegevens tot de rapportage wordt bevroren.
steering-objectives = Voortgang per doelstelling
steering-why = Toelichting
steering-why-green = Op koers.
steering-why-grey = Nog geen gegevens.
steering-why-amber = Aandacht nodig.
steering-why-red = Niet gehaald.
steering-late = Mijlpaal te laat: { $name } (gepland { $date })
steering-kpi = KPI
steering-risks = Risico's
steering-risks-none = Er zijn geen risico's vastgelegd.
steering-risk = Risico
steering-likelihood = Kans
steering-impact = Impact
steering-mitigation = Beheersmaatregel
steering-level-low = laag
steering-level-medium = middel
steering-level-high = hoog
steering-commentary = Toelichting van de programmamanager
steering-commentary-none = Geen toelichting.
steering-commentary-label = Toelichting
steering-commentary-hint = Een witregel begint een nieuwe alinea.
steering-commentary-save = Toelichting opslaan
steering-commentary-saved = De toelichting is opgeslagen.
steering-commentary-long = De toelichting is te lang (hoogstens 20.000 tekens).
steering-freeze = Bevriezen…
steering-freeze-title = Rapportage { $quarter } bevriezen
steering-freeze-explain = Bevriezen legt de rapportage vast zoals zij vandaag is, met de toelichting. Daarna kan niemand haar meer wijzigen en kan de stuurgroep haar lezen. Dit kan niet ongedaan worden gemaakt.
steering-freeze-confirm = Ja, bevriezen
steering-freeze-cancel = Annuleren
steering-frozen = De rapportage is bevroren.
steering-frozen-no-change = Deze rapportage is bevroren en kan niet meer worden gewijzigd.
evaluation-title = Evaluatiepakket
evaluation-intro = Voor de externe evaluatie (elke twee jaar): een ZIP met CSV-bestanden en één Excel-werkmap met de KPI's door de tijd, de mijlpalen, de begroting en boekingen, de stuurgroeprapportages en de sectorgemiddelden van de monitor, met een README die elk bestand beschrijft. Het downloaden wordt in de auditlog vastgelegd.
evaluation-download = Evaluatiepakket downloaden (ZIP)
evaluation-files = Inhoud van het pakket
evaluation-file = Bestand
evaluation-rows = rijen
evaluation-content = Inhoud
evaluation-file-kpi-observations = Elke gemeten waarde van elke KPI: periode, waarde, of zij berekend of met de hand ingevoerd is, en door wie.
evaluation-file-kpi-status = De status van elke KPI op de dag van het pakket, met trend en toelichting.
evaluation-file-milestones = Alle mijlpalen met planning, status, datum gereed en bewijslink.
evaluation-file-budget = Begroot, verplicht, besteed en saldo per begrotingsregel en jaar (euro); to_check = bedrag uit een slecht leesbare scan.
evaluation-file-budget-entries = Alle boekingen (verplichtingen en uitgaven).
evaluation-file-steering-reports = De bevroren stuurgroeprapportages.
evaluation-file-monitor-sector-means = Het sectorgemiddelde per deelgebied per afgesloten meting van de monitor (na onthullingscontrole; een verborgen waarde staat er als "<" en de minimale groepsgrootte).
evaluation-file-xlsx = Alle tabellen hierboven in één werkmap, een blad per tabel.
evaluation-file-readme = Deze beschrijving.
evaluation-readme-head = Evaluatiepakket Digitaal Bekwaam MBO, samengesteld op { $date } uit de gegevens van het platform Bekwaam. CSV: komma als scheidingsteken, punt als decimaalteken, UTF-8.
evaluation-readme-missing = Nog niet beschikbaar: bijeenkomsten van de netwerken en de onderzoekswerkplaats, het gebruik van de bibliotheek en de status van het professionaliseringsbeleid per instelling. Die onderdelen bestaan nog niet op het platform; zodra ze er zijn, komen hun gegevens in dit pakket.
tracks-title = Opleidingstrajecten en experts
tracks-intro = Speerpunt E: de masteropleiding en de leergang voor leidinggevenden, met hun fasen van veldonderzoek tot lopend programma. Speerpunt F: de adviezen van de experts en hun gesprekken met lerarenopleidingen.
tracks-partners = Partners
tracks-phases = Fasen
tracks-phase = Fase
tracks-reached-on = Bereikt op
tracks-record-phase = Fase “{ $phase }” vastleggen
track-phase-reached = bereikt
track-phase-late = te laat
track-phase-planned = gepland
track-phase-saved = De fase is vastgelegd.
experts-title = Adviezen en gesprekken van de experts
experts-intro = De experts van speerpunt F adviseren over ict-bekwaamheid in de lerarenopleidingen en voeren daarover gesprekken met onder andere ADEF, Velon, de Vereniging Hogescholen en Samen Opleiden.
experts-empty = Er zijn nog geen adviezen of gesprekken vastgelegd.
experts-add = Advies of gesprek vastleggen
expert-title = Titel
expert-partner = Met of voor
expert-partner-none = (geen organisatie)
expert-summary = Samenvatting
expert-kind-advice = advies
expert-kind-conversation = gesprek
expert-kind-choose = Kies advies of gesprek.
expert-title-invalid = Vul een titel in (hoogstens 200 tekens).
expert-partner-invalid = Kies een organisatie uit de lijst.
expert-summary-long = De samenvatting is te lang (hoogstens 2.000 tekens).
expert-record-saved = Vastgelegd.
kpi-yes = ja
kpi-no = nee

## Privacy van links en respons (issue 11)
fieldwork-below = <{ $min }
outbox-links-masked = Links naar de vragenlijst zijn hier onleesbaar gemaakt (…/s/•••••••): alleen de ontvanger mag de werkende link hebben. Zonder mailserver bereikt een uitnodiging dus niemand; stel SMTP in om uitnodigingen echt te versturen. In de demo staan de echte links in het terminalvenster waarin Bekwaam draait.
cli-demo-outbox-link = Uitgaande e-mail aan { $to }; de link (alleen in de demo hier getoond): { $url }
survey-resume-title = Bewaar deze link.
survey-resume-text = Hiermee ga je later of op een ander apparaat verder, en zie je na het afronden je profiel terug. De link is alleen van jou: een geprinte kaart werkt na de eerste keer niet meer.
survey-link-used = Deze link is al gebruikt. Een geprinte kaart werkt maar één keer: wie hem als eerste opende, kreeg een eigen link. Vraag je instellingscoördinator om een nieuwe kaart.
survey-link-unclaimed = Deze geprinte link is nog niet geopend. Vraag eerst de vragenlijst op (GET /api/v1/survey/<token>); het antwoord geeft een eigen token voor alle volgende verzoeken.
links-claimed-note = Elke kaart werkt één keer: wie hem als eerste opent, krijgt een eigen link en de geprinte link werkt daarna niet meer, ook niet voor u. Open de links dus niet zelf; een geopende kaart is opgebruikt.

## issue 13: programme
kpi-rule-policy-development-policy-share = het aandeel mbo-instellingen waarvan het professionaliseringsbeleid ict-bekwaamheid en cyberveiligheid omvat
kpi-rule-campaigns-per-school-year = het aantal bewustwordingscampagnes op mbo-instellingen per studiejaar
kpi-rule-workshop-meetings-per-month = het aantal bijeenkomsten van de onderzoekswerkplaats per maand
kpi-rule-networks-ddvdo-meetings-per-month = het aantal bijeenkomsten van het netwerk Digitale Didactiek & Veilig Digitaal Onderwijs per maand
kpi-rule-networks-knowledge-network-meetings-per-year = het aantal bijeenkomsten van het kennisnetwerk per jaar
kpi-rule-workshop-researchers = de deelnemers aan de onderzoekswerkplaats per studiejaar
kpi-rule-networks-knowledge-events = het aantal evenementen voor kennisdeling
kpi-rule-workshop-experiments-in-campaigns = het aantal experimenten van de werkplaats dat in een landelijke campagne is gebruikt
kpi-rule-monitor-increase-every-domain = het sectorrapport van de monitor, elk deelgebied vergeleken met de vorige afname
kpi-rule-scan-completed = het aantal afgeronde bewegingsscans
milestone-seen-wave = Afname { $name } { $state ->
    [closed] gesloten
    [archived] gesloten en gearchiveerd
    [open] loopt nog
   *[draft] in voorbereiding
}
milestone-seen-wave-none = Er is nog geen afname { $name } op het platform.
milestone-seen-steering-frozen = Stuurgroeprapportage { $quarter } bevroren
milestone-seen-steering-draft = Stuurgroeprapportage { $quarter } in concept
milestone-seen-steering-none = Er is nog geen stuurgroeprapportage { $quarter }.
milestone-seen-phase = Fase bereikt op { $on }
milestone-seen-phase-none = Fase nog niet bereikt
milestone-observed = Volgt uit de gegevens op het platform.
milestone-observed-refused = Deze mijlpaal volgt uit de gegevens op het platform en wordt niet met de hand vastgelegd.
milestones-record-intro = Mijlpalen die het platform zelf ziet (een gesloten afname, een bevroren stuurgroeprapportage, een bereikte fase van een traject) volgen uit die gegevens en staan hier niet.
budget-date-outside = { $value } valt buiten de looptijd van het programma ({ $from } tot en met { $to }); boek alleen binnen die periode.
budget-import-more = en nog { $count } { $count ->
    [one] fout
   *[other] fouten
} (alleen de eerste { $shown } staan hierboven).
budget-negative = (tekort)
budget-overspent = Tekort in { $year }: op deze begrotingsregels is meer verplicht en uitgegeven dan begroot.
milestones-today = Vandaag
