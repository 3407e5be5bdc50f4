<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Token Desk</source>
        <translation>Über Token Desk</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Manage the API tokens your tenant&apos;s scripts and integrations use.</source>
        <translation>Verwalten Sie die API-Token, die die Skripte und Integrationen Ihres Mandanten verwenden.</translation>
    </message>
    <message>
        <source>Tenant API URL</source>
        <translation>API-URL des Mandanten</translation>
    </message>
    <message>
        <source>Sign in to see the tenant API URL</source>
        <translation>Melden Sie sich an, um die API-URL des Mandanten zu sehen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy tenant API URL</source>
        <translation>API-URL des Mandanten kopieren</translation>
    </message>
    <message>
        <source>Copy status</source>
        <translation>Kopierstatus</translation>
    </message>
    <message>
        <source>Tenant API &amp;URL:</source>
        <translation>API-&amp;URL des Mandanten:</translation>
    </message>
    <message>
        <source>Token service URL</source>
        <translation>URL des Token-Dienstes</translation>
    </message>
    <message>
        <source>Scripts call the tenant API URL with the header &lt;code&gt;Authorization:&amp;nbsp;Token&amp;nbsp;&amp;lt;secret&amp;gt;&lt;/code&gt;.</source>
        <translation>Skripte rufen die API-URL des Mandanten mit dem Header &lt;code&gt;Authorization:&amp;nbsp;Token&amp;nbsp;&amp;lt;secret&amp;gt;&lt;/code&gt; auf.</translation>
    </message>
    <message>
        <source>Token service:</source>
        <translation>Token-Dienst:</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
</context>
<context>
    <name>AddressTableModel</name>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst gesehen</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>ApiExample</name>
    <message>
        <source>API base</source>
        <translation>API-Basis</translation>
    </message>
    <message>
        <source>Example call</source>
        <translation>Beispielaufruf</translation>
    </message>
    <message>
        <source>Sign in to see an example call</source>
        <translation>Melden Sie sich an, um einen Beispielaufruf zu sehen</translation>
    </message>
    <message>
        <source>API base:</source>
        <translation>API-Basis:</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>Kop&amp;ieren</translation>
    </message>
    <message>
        <source>Example:</source>
        <translation>Beispiel:</translation>
    </message>
    <message>
        <source>Copy e&amp;xample</source>
        <translation>Beispiel ko&amp;pieren</translation>
    </message>
    <message>
        <source>Copy {field}</source>
        <translation>{field} kopieren</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>AuditWindow</name>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Filter by who acted</source>
        <translation>Nach handelnder Person filtern</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Nach Aktion filtern</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Token id</source>
        <translation>Token-ID</translation>
    </message>
    <message>
        <source>Filter by token id</source>
        <translation>Nach Token-ID filtern</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>Als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Audit-Ereignisse</translation>
    </message>
    <message>
        <source>{count} events</source>
        <translation>{count} Ereignisse</translation>
    </message>
    <message>
        <source>{count} events, loading more…</source>
        <translation>{count} Ereignisse, weitere werden geladen…</translation>
    </message>
    <message>
        <source>{count} events so far (scroll for more)</source>
        <translation>Bisher {count} Ereignisse (für weitere blättern)</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Audit-Protokoll exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>Das Audit-Protokoll wird exportiert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Exporting the audit log… {size} written</source>
        <translation>Das Audit-Protokoll wird exportiert… {size} geschrieben</translation>
    </message>
    <message>
        <source>Exported to {path} ({size}).</source>
        <translation>Nach {path} exportiert ({size}).</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Token details</source>
        <translation>Token-Details</translation>
    </message>
    <message>
        <source>Select one token to see its details.</source>
        <translation>Wählen Sie einen Token aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>Besitzer:</translation>
    </message>
    <message>
        <source>Privileges:</source>
        <translation>Berechtigungen:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erzeugt:</translation>
    </message>
    <message>
        <source>Last used:</source>
        <translation>Zuletzt verwendet:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>Old secret valid until:</source>
        <translation>Altes Secret gültig bis:</translation>
    </message>
    <message>
        <source>Old secret last used:</source>
        <translation>Altes Secret zuletzt verwendet:</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>What the token is for, where it is used (optional)</source>
        <translation>Wofür der Token dient, wo er verwendet wird (optional)</translation>
    </message>
    <message>
        <source>&amp;Save description</source>
        <translation>Beschreibung &amp;speichern</translation>
    </message>
    <message>
        <source>Description problem</source>
        <translation>Problem mit der Beschreibung</translation>
    </message>
    <message>
        <source>Usage note</source>
        <translation>Hinweis zur Nutzung</translation>
    </message>
    <message>
        <source>Last addresses</source>
        <translation>Letzte Adressen</translation>
    </message>
    <message>
        <source>Last addresses:</source>
        <translation>Letzte Adressen:</translation>
    </message>
    <message>
        <source>Daily uses, past 30 days:</source>
        <translation>Verwendungen pro Tag, letzte 30 Tage:</translation>
    </message>
    <message>
        <source>R&amp;otate…</source>
        <translation>R&amp;otieren…</translation>
    </message>
    <message>
        <source>&amp;End grace now</source>
        <translation>Übergangsfrist jetzt &amp;beenden</translation>
    </message>
    <message>
        <source>Stop the old secret now (it answers 401 from then on)</source>
        <translation>Das alte Secret jetzt sperren (es wird ab dann mit 401 abgewiesen)</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>Wider&amp;rufen…</translation>
    </message>
    <message>
        <source>Loading usage…</source>
        <translation>Nutzung wird geladen…</translation>
    </message>
    <message>
        <source>This token service keeps no usage evidence.</source>
        <translation>Dieser Token-Dienst zeichnet keine Nutzung auf.</translation>
    </message>
    <message>
        <source>No use recorded yet.</source>
        <translation>Noch keine Verwendung aufgezeichnet.</translation>
    </message>
    <message>
        <source>Usage is unavailable. {reason}</source>
        <translation>Die Nutzung ist nicht verfügbar. {reason}</translation>
    </message>
    <message>
        <source>{owner} (deprovisioned)</source>
        <translation>{owner} (deprovisioniert)</translation>
    </message>
    <message>
        <source>Never used</source>
        <translation>Nie verwendet</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Not since the rotation</source>
        <translation>Seit der Rotation nicht</translation>
    </message>
    <message>
        <source>{when} ({ago})</source>
        <translation>{when} ({ago})</translation>
    </message>
    <message>
        <source>At most {limit} characters ({count} now).</source>
        <translation>Höchstens {limit} Zeichen (jetzt {count}).</translation>
    </message>
    <message>
        <source>Sign in to edit the description</source>
        <translation>Melden Sie sich an, um die Beschreibung zu bearbeiten</translation>
    </message>
</context>
<context>
    <name>ErrorChannel</name>
    <message>
        <source>Token Desk</source>
        <translation>Token Desk</translation>
    </message>
    <message>
        <source>Token Desk: unexpected error</source>
        <translation>Token Desk: unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong ({detail}). The details were written to the log; if it keeps happening, report it with the log.</source>
        <translation>Etwas ist schiefgegangen ({detail}). Die Einzelheiten stehen im Protokoll; wenn es wieder passiert, melden Sie es bitte mit dem Protokoll.</translation>
    </message>
</context>
<context>
    <name>GenerateWizard</name>
    <message>
        <source>Generate {token}</source>
        <translation>{token} erzeugen</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>Copy the secret now</source>
        <translation>Secret jetzt kopieren</translation>
    </message>
    <message>
        <source>This is the only time it is shown: the service keeps only a digest of it. If it is lost, generate a new token.</source>
        <translation>Es wird nur dieses eine Mal angezeigt: Der Dienst speichert nur einen Hashwert davon. Geht es verloren, erzeugen Sie einen neuen Token.</translation>
    </message>
    <message>
        <source>Without it the token is of no use: you would have to revoke it and generate a new one.</source>
        <translation>Ohne das Secret ist der Token nutzlos: Sie müssten ihn widerrufen und einen neuen erzeugen.</translation>
    </message>
</context>
<context>
    <name>GracePage</name>
    <message>
        <source>Rotate “{name}”</source>
        <translation>„{name}“ rotieren</translation>
    </message>
    <message>
        <source>A new secret replaces the current one. The token keeps its name, privileges and history; its expiry is renewed by the tenant policy.</source>
        <translation>Ein neues Secret ersetzt das bisherige. Der Token behält Namen, Berechtigungen und Verlauf; sein Ablaufdatum wird nach der Richtlinie des Mandanten erneuert.</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Grace period in hours</source>
        <translation>Übergangsfrist in Stunden</translation>
    </message>
    <message>
        <source>&amp;Grace period:</source>
        <translation>&amp;Übergangsfrist:</translation>
    </message>
    <message>
        <source>What the grace period means</source>
        <translation>Was die Übergangsfrist bedeutet</translation>
    </message>
    <message>
        <source>Rotating the token</source>
        <translation>Token wird rotiert</translation>
    </message>
    <message>
        <source>Rotating the token…</source>
        <translation>Token wird rotiert…</translation>
    </message>
    <message>
        <source>Why the token was not rotated</source>
        <translation>Warum der Token nicht rotiert wurde</translation>
    </message>
    <message>
        <source>The old secret stops working at once: scripts that still use it fail until they have the new one.</source>
        <translation>Das alte Secret funktioniert sofort nicht mehr: Skripte, die es noch verwenden, schlagen fehl, bis sie das neue haben.</translation>
    </message>
    <message>
        <source>Both secrets work for {hours} h, time to put the new one everywhere the old one is used; then the old one stops. “End grace now” stops it earlier.</source>
        <translation>Beide Secrets funktionieren {hours} h lang – Zeit, das neue überall einzusetzen, wo das alte verwendet wird; danach funktioniert das alte nicht mehr. „Übergangsfrist jetzt beenden“ beendet es früher.</translation>
    </message>
</context>
<context>
    <name>HygieneBar</name>
    <message>
        <source>Never used</source>
        <translation>Nie benutzt</translation>
    </message>
    <message>
        <source>Inactive 90 days</source>
        <translation>90 Tage inaktiv</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <source>No expiry</source>
        <translation>Ohne Ablauf</translation>
    </message>
    <message>
        <source>Deprovisioned owner</source>
        <translation>Deprovisionierter Besitzer</translation>
    </message>
    <message>
        <source>Generated 30 days ago or earlier and never used</source>
        <translation>Vor 30 Tagen oder früher erzeugt und nie benutzt</translation>
    </message>
    <message>
        <source>Not used for 90 days</source>
        <translation>Seit 90 Tagen nicht benutzt</translation>
    </message>
    <message>
        <source>Expiring within the policy&apos;s warning lead time</source>
        <translation>Läuft innerhalb der Vorwarnzeit der Richtlinie ab</translation>
    </message>
    <message>
        <source>Tokens that never expire</source>
        <translation>Tokens, die nie ablaufen</translation>
    </message>
    <message>
        <source>Owned by deprovisioned users</source>
        <translation>Im Besitz deprovisionierter Benutzer</translation>
    </message>
    <message>
        <source>Needs attention:</source>
        <translation>Braucht Aufmerksamkeit:</translation>
    </message>
    <message>
        <source>Revoke all listed…</source>
        <translation>Alle aufgelisteten widerrufen…</translation>
    </message>
    <message>
        <source>Revoke every token of the list shown, in one step</source>
        <translation>Jedes Token der angezeigten Liste in einem Schritt widerrufen</translation>
    </message>
    <message>
        <source>{list} ({count})</source>
        <translation>{list} ({count})</translation>
    </message>
    <message>
        <source>{list}: {count} tokens</source>
        <translation>{list}: {count} Tokens</translation>
    </message>
</context>
<context>
    <name>IdentifyDialog</name>
    <message>
        <source>Identify a secret</source>
        <translation>Geheimnis zuordnen</translation>
    </message>
    <message>
        <source>Paste a secret found in a log, a ticket or a repository to see whose token it is. The secret is sent to the token service to be looked up and is not kept.</source>
        <translation>Fügen Sie ein Geheimnis ein, das in einem Protokoll, einem Ticket oder einem Repository gefunden wurde, um zu sehen, wem das Token gehört. Das Geheimnis wird zum Nachschlagen an den Token-Dienst gesendet und nicht aufbewahrt.</translation>
    </message>
    <message>
        <source>Secret to identify</source>
        <translation>Zuzuordnendes Geheimnis</translation>
    </message>
    <message>
        <source>tdk_…</source>
        <translation>tdk_…</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Show the pasted secret</source>
        <translation>Das eingefügte Geheimnis anzeigen</translation>
    </message>
    <message>
        <source>&amp;Identify</source>
        <translation>&amp;Zuordnen</translation>
    </message>
    <message>
        <source>Why the secret was not identified</source>
        <translation>Warum das Geheimnis nicht zugeordnet wurde</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>Besitzer:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Show in &amp;table</source>
        <translation>In der &amp;Tabelle zeigen</translation>
    </message>
    <message>
        <source>Looking the secret up…</source>
        <translation>Das Geheimnis wird nachgeschlagen…</translation>
    </message>
    <message>
        <source>No live token has this secret.</source>
        <translation>Kein gültiges Token hat dieses Geheimnis.</translation>
    </message>
    <message>
        <source>This secret belongs to:</source>
        <translation>Dieses Geheimnis gehört zu:</translation>
    </message>
    <message>
        <source>{owner} (deprovisioned)</source>
        <translation>{owner} (deprovisioniert)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
</context>
<context>
    <name>KindRow</name>
    <message>
        <source>Default lifetime in days</source>
        <translation>Standard-Lebensdauer in Tagen</translation>
    </message>
    <message>
        <source>No expiry by default</source>
        <translation>Standardmäßig kein Ablauf</translation>
    </message>
    <message>
        <source>Maximum lifetime in days</source>
        <translation>Höchste Lebensdauer in Tagen</translation>
    </message>
    <message>
        <source>No maximum</source>
        <translation>Kein Höchstwert</translation>
    </message>
    <message>
        <source>Default lifetime:</source>
        <translation>Standard-Lebensdauer:</translation>
    </message>
    <message>
        <source>Maximum lifetime:</source>
        <translation>Höchste Lebensdauer:</translation>
    </message>
</context>
<context>
    <name>LifetimePage</name>
    <message>
        <source>Choose how long it lives</source>
        <translation>Wählen Sie, wie lange er gilt</translation>
    </message>
    <message>
        <source>The tenant policy sets no maximum lifetime for {kind}.</source>
        <translation>Die Mandantenrichtlinie setzt für {kind} keine höchste Lebensdauer.</translation>
    </message>
    <message>
        <source>The tenant policy lets {kind} live at most {days} days; after that, generate a new one.</source>
        <translation>Die Mandantenrichtlinie lässt {kind} höchstens {days} Tage gelten; danach erzeugen Sie einen neuen.</translation>
    </message>
    <message>
        <source>No expiry</source>
        <translation>Kein Ablauf</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} Tage</translation>
    </message>
    <message>
        <source>{choice} (the default)</source>
        <translation>{choice} (Standard)</translation>
    </message>
    <message>
        <source>Until a &amp;date:</source>
        <translation>Bis zu einem &amp;Datum:</translation>
    </message>
    <message>
        <source>Expiry date and time</source>
        <translation>Ablaufdatum und -uhrzeit</translation>
    </message>
    <message>
        <source>Des&amp;cription (optional):</source>
        <translation>Bes&amp;chreibung (optional):</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>What the token is for, where it is kept</source>
        <translation>Wofür der Token ist, wo er aufbewahrt wird</translation>
    </message>
    <message>
        <source>Problem with the description</source>
        <translation>Problem mit der Beschreibung</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>In 1 day</source>
        <translation>In 1 Tag</translation>
    </message>
    <message>
        <source>In {days} days</source>
        <translation>In {days} Tagen</translation>
    </message>
    <message>
        <source>On {moment}</source>
        <translation>Am {moment}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Token kinds</source>
        <translation>Token-Arten</translation>
    </message>
    <message>
        <source>&amp;Generate token…</source>
        <translation>Token &amp;erzeugen…</translation>
    </message>
    <message>
        <source>Generate a token in the current section</source>
        <translation>Einen Token im aktuellen Bereich erzeugen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Akt&amp;ualisieren</translation>
    </message>
    <message>
        <source>Sync with the token service now</source>
        <translation>Jetzt mit dem Token-Dienst abgleichen</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>A&amp;bmelden</translation>
    </message>
    <message>
        <source>Sign out and forget the cached tokens</source>
        <translation>Abmelden und die zwischengespeicherten Token löschen</translation>
    </message>
    <message>
        <source>&amp;Sign in…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Erneut anmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Search the current section by name or owner</source>
        <translation>Den aktuellen Bereich nach Name oder Besitzer durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Revoke selected tokens…</source>
        <translation>Ausgewählte Token &amp;widerrufen…</translation>
    </message>
    <message>
        <source>Revoke the selected tokens</source>
        <translation>Die ausgewählten Token widerrufen</translation>
    </message>
    <message>
        <source>Revoke tokens of &amp;deprovisioned users…</source>
        <translation>Token &amp;deprovisionierter Benutzer widerrufen…</translation>
    </message>
    <message>
        <source>&amp;About Token Desk</source>
        <translation>Ü&amp;ber Token Desk</translation>
    </message>
    <message>
        <source>R&amp;otate…</source>
        <translation>R&amp;otieren…</translation>
    </message>
    <message>
        <source>Give the selected token a new secret; the old one works for a grace period</source>
        <translation>Dem ausgewählten Token ein neues Secret geben; das alte funktioniert noch während einer Übergangsfrist</translation>
    </message>
    <message>
        <source>&amp;End grace now</source>
        <translation>Übergangsfrist jetzt &amp;beenden</translation>
    </message>
    <message>
        <source>Stop the old secret of the selected token now</source>
        <translation>Das alte Secret des ausgewählten Tokens jetzt sperren</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Tokens</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>Show {section}</source>
        <translation>{section} anzeigen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Tenant &amp;policy…</source>
        <translation>Mandanten&amp;richtlinie…</translation>
    </message>
    <message>
        <source>{tenant} ({user})</source>
        <translation>{tenant} ({user})</translation>
    </message>
    <message>
        <source>{tenant} (not signed in)</source>
        <translation>{tenant} (nicht angemeldet)</translation>
    </message>
    <message>
        <source>User: {user} (not signed in)</source>
        <translation>Benutzer: {user} (nicht angemeldet)</translation>
    </message>
    <message>
        <source>Close the generate wizard to sign out.</source>
        <translation>Schließen Sie den Assistenten zum Erzeugen, um sich abzumelden.</translation>
    </message>
    <message>
        <source>&amp;Details pane</source>
        <translation>&amp;Detailbereich</translation>
    </message>
    <message>
        <source>Show or hide the selected token&apos;s details</source>
        <translation>Die Details des ausgewählten Tokens ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Identify a secret…</source>
        <translation>Geheimnis &amp;zuordnen…</translation>
    </message>
    <message>
        <source>See whose token a secret found somewhere is, and revoke it</source>
        <translation>Sehen, wem das Token eines gefundenen Geheimnisses gehört, und es widerrufen</translation>
    </message>
    <message>
        <source>Report &amp;leaked secrets…</source>
        <translation>&amp;Geleakte Geheimnisse melden…</translation>
    </message>
    <message>
        <source>Have the token service revoke secrets found where they do not belong</source>
        <translation>Den Token-Dienst Geheimnisse widerrufen lassen, die an falscher Stelle gefunden wurden</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Audit-Protokoll…</translation>
    </message>
    <message>
        <source>Browse the tenant&apos;s audit log</source>
        <translation>Das Audit-Protokoll des Mandanten durchsehen</translation>
    </message>
    <message>
        <source>That token is not in the table (revoked, or not synced yet).</source>
        <translation>Dieses Token ist nicht in der Tabelle (widerrufen oder noch nicht synchronisiert).</translation>
    </message>
</context>
<context>
    <name>NamePage</name>
    <message>
        <source>Name the token</source>
        <translation>Token benennen</translation>
    </message>
    <message>
        <source>Say where it will be used, for example “nightly export”. 1 to 64 characters, different from the names of your live tokens.</source>
        <translation>Geben Sie an, wo er verwendet wird, zum Beispiel „nächtlicher Export“. 1 bis 64 Zeichen, verschieden von den Namen Ihrer gültigen Token.</translation>
    </message>
    <message>
        <source>Token name</source>
        <translation>Token-Name</translation>
    </message>
    <message>
        <source>Problem with the name</source>
        <translation>Problem mit dem Namen</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>Na&amp;me:</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>“{name}” was revoked: its secret was reported as leaked at {url}.</source>
        <translation>„{name}“ wurde widerrufen: Sein Geheimnis wurde als geleakt gemeldet, gefunden unter {url}.</translation>
    </message>
    <message>
        <source>“{name}” was revoked: its secret was reported as leaked.</source>
        <translation>„{name}“ wurde widerrufen: Sein Geheimnis wurde als geleakt gemeldet.</translation>
    </message>
    <message>
        <source>“{name}” was revoked automatically: it was not used for too long.</source>
        <translation>„{name}“ wurde automatisch widerrufen: Es wurde zu lange nicht benutzt.</translation>
    </message>
    <message>
        <source>“{name}” expires on {when}.</source>
        <translation>„{name}“ läuft am {when} ab.</translation>
    </message>
    <message>
        <source>“{name}” will be revoked automatically on {when} unless it is used before then.</source>
        <translation>„{name}“ wird am {when} automatisch widerrufen, wenn es bis dahin nicht verwendet wird.</translation>
    </message>
    <message>
        <source>“{name}”: {detail}</source>
        <translation>„{name}“: {detail}</translation>
    </message>
</context>
<context>
    <name>NoticesBar</name>
    <message>
        <source>Notices</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>&amp;Zeigen</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>{count} notices about your tokens, newest: {last}</source>
        <translation>{count} Hinweise zu Ihren Tokens, der neueste: {last}</translation>
    </message>
    <message>
        <source>&amp;Hide list</source>
        <translation>Liste &amp;ausblenden</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Cannot reach the token service at {url} — no tokens are cached on this computer yet.</source>
        <translation>Der Token-Dienst unter {url} ist nicht erreichbar — auf diesem Computer sind noch keine Token zwischengespeichert.</translation>
    </message>
    <message>
        <source>Cannot reach the token service at {url} — showing tokens cached at {time}.</source>
        <translation>Der Token-Dienst unter {url} ist nicht erreichbar — angezeigt werden die um {time} zwischengespeicherten Token.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Retr&amp;y</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Try to reach the token service again (F5)</source>
        <translation>Erneut versuchen, den Token-Dienst zu erreichen (F5)</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>Neuer Versuch…</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Tenant policy</source>
        <translation>Mandantenrichtlinie</translation>
    </message>
    <message>
        <source>A change applies to tokens generated from now on; existing tokens keep their expiry.</source>
        <translation>Eine Änderung gilt für Token, die ab jetzt erzeugt werden; bestehende Token behalten ihren Ablauf.</translation>
    </message>
    <message>
        <source>Only a global admin can change the tenant policy.</source>
        <translation>Nur ein globaler Administrator kann die Mandantenrichtlinie ändern.</translation>
    </message>
    <message>
        <source>Warning lead time in days</source>
        <translation>Vorwarnzeit in Tagen</translation>
    </message>
    <message>
        <source>Revoke tokens unused for</source>
        <translation>Token widerrufen, die ungenutzt sind seit</translation>
    </message>
    <message>
        <source>Days without use before a token is revoked</source>
        <translation>Tage ohne Nutzung, bevor ein Token widerrufen wird</translation>
    </message>
    <message>
        <source>Warn of expiry this many days ahead:</source>
        <translation>So viele Tage vor dem Ablauf warnen:</translation>
    </message>
    <message>
        <source>Inactivity auto-revoke:</source>
        <translation>Automatischer Widerruf bei Inaktivität:</translation>
    </message>
    <message>
        <source>Why the policy was not saved</source>
        <translation>Warum die Richtlinie nicht gespeichert wurde</translation>
    </message>
    <message>
        <source>The tenant policy is not known yet; try again once signed in.</source>
        <translation>Die Mandantenrichtlinie ist noch nicht bekannt; versuchen Sie es nach der Anmeldung erneut.</translation>
    </message>
</context>
<context>
    <name>PrivilegesPage</name>
    <message>
        <source>&amp;Read</source>
        <translation>&amp;Lesen</translation>
    </message>
    <message>
        <source>Read + &amp;write</source>
        <translation>Lesen + &amp;Schreiben</translation>
    </message>
    <message>
        <source>Choose its privileges</source>
        <translation>Berechtigungen wählen</translation>
    </message>
    <message>
        <source>A token can do what you can do, or less. Give it only what the script needs.</source>
        <translation>Ein Token darf, was Sie dürfen, oder weniger. Geben Sie ihm nur, was das Skript braucht.</translation>
    </message>
    <message>
        <source>Read + write is not offered. {note}</source>
        <translation>Lesen + Schreiben wird nicht angeboten. {note}</translation>
    </message>
    <message>
        <source>Why read + write is not offered</source>
        <translation>Warum Lesen + Schreiben nicht angeboten wird</translation>
    </message>
</context>
<context>
    <name>ReportLeaksDialog</name>
    <message>
        <source>Report leaked secrets</source>
        <translation>Geleakte Geheimnisse melden</translation>
    </message>
    <message>
        <source>Paste the secrets you found, one per line. The token service revokes every live one and tells its owner; it answers the same whether a secret existed or not.</source>
        <translation>Fügen Sie die gefundenen Geheimnisse ein, eines pro Zeile. Der Token-Dienst widerruft jedes gültige und benachrichtigt seinen Besitzer; er antwortet gleich, ob ein Geheimnis existierte oder nicht.</translation>
    </message>
    <message>
        <source>Leaked secrets, one per line</source>
        <translation>Geleakte Geheimnisse, eines pro Zeile</translation>
    </message>
    <message>
        <source>tdk_…
tdk_…</source>
        <translation>tdk_…
tdk_…</translation>
    </message>
    <message>
        <source>https://… (optional)</source>
        <translation>https://… (optional)</translation>
    </message>
    <message>
        <source>Where the secrets were found</source>
        <translation>Wo die Geheimnisse gefunden wurden</translation>
    </message>
    <message>
        <source>Found at:</source>
        <translation>Gefunden unter:</translation>
    </message>
    <message>
        <source>Why the report was not sent</source>
        <translation>Warum die Meldung nicht gesendet wurde</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Received {received}, ignored {ignored} (malformed).</source>
        <translation>{received} empfangen, {ignored} ignoriert (fehlerhaft).</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review and generate</source>
        <translation>Prüfen und erzeugen</translation>
    </message>
    <message>
        <source>The secret is shown once, on the next page. Have the place to paste it ready.</source>
        <translation>Das Secret wird einmal angezeigt, auf der nächsten Seite. Halten Sie den Ort bereit, an dem Sie es einfügen.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Privileges:</source>
        <translation>Berechtigungen:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Generating the token</source>
        <translation>Token wird erzeugt</translation>
    </message>
    <message>
        <source>Generating the token…</source>
        <translation>Token wird erzeugt…</translation>
    </message>
    <message>
        <source>Why the token was not generated</source>
        <translation>Warum der Token nicht erzeugt wurde</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>

Go Back to change the name or privileges, or Generate to try again.</source>
        <translation>

Mit „Zurück“ ändern Sie Name oder Berechtigungen, mit „Erzeugen“ versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>RevokeConfirmation</name>
    <message>
        <source>Tokens to revoke</source>
        <translation>Zu widerrufende Token</translation>
    </message>
</context>
<context>
    <name>RevokeProgress</name>
    <message>
        <source>Revoking tokens</source>
        <translation>Token werden widerrufen</translation>
    </message>
    <message>
        <source>Tokens revoked</source>
        <translation>Widerrufene Token</translation>
    </message>
    <message>
        <source>Stop after the batch being revoked now; the rest stays</source>
        <translation>Nach dem gerade widerrufenen Stapel anhalten; der Rest bleibt</translation>
    </message>
    <message>
        <source>Cancelling: {done} of {total} tokens revoked; finishing the batch in flight…</source>
        <translation>Abbruch: {done} von {total} Token widerrufen; der laufende Stapel wird abgeschlossen …</translation>
    </message>
    <message>
        <source>Revoked {done} of {total} tokens…</source>
        <translation>{done} von {total} Token widerrufen …</translation>
    </message>
</context>
<context>
    <name>RotateDialog</name>
    <message>
        <source>Rotate “{name}”</source>
        <translation>„{name}“ rotieren</translation>
    </message>
    <message>
        <source>&amp;Rotate</source>
        <translation>&amp;Rotieren</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Fertig</translation>
    </message>
    <message>
        <source>Copy the new secret now</source>
        <translation>Neues Secret jetzt kopieren</translation>
    </message>
    <message>
        <source>This is the only time it is shown: the service keeps only a digest of it.</source>
        <translation>Es wird nur dieses eine Mal angezeigt: Der Dienst speichert nur einen Hashwert davon.</translation>
    </message>
    <message>
        <source>The old secret has stopped working.</source>
        <translation>Das alte Secret funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>The old secret works until {moment}.</source>
        <translation>Das alte Secret funktioniert bis {moment}.</translation>
    </message>
    <message>
        <source>The token has its new secret already: without it you would have to rotate it again.</source>
        <translation>Der Token hat sein neues Secret bereits: Ohne es müssten Sie ihn erneut rotieren.</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>&amp;Copy secret</source>
        <translation>Secret &amp;kopieren</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
</context>
<context>
    <name>SecretHandOffPage</name>
    <message>
        <source>&amp;Copy secret</source>
        <translation>Secret &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy secret</source>
        <translation>Secret kopieren</translation>
    </message>
    <message>
        <source>Not copied yet: press Copy secret.</source>
        <translation>Noch nicht kopiert: Klicken Sie auf „Secret kopieren“.</translation>
    </message>
    <message>
        <source>Clipboard status</source>
        <translation>Status der Zwischenablage</translation>
    </message>
    <message>
        <source>Tenant API URL</source>
        <translation>API-URL des Mandanten</translation>
    </message>
    <message>
        <source>&amp;Secret:</source>
        <translation>&amp;Secret:</translation>
    </message>
    <message>
        <source>Tenant API &amp;URL:</source>
        <translation>API-&amp;URL des Mandanten:</translation>
    </message>
    <message>
        <source>Scripts call the tenant API URL with the header &lt;code&gt;Authorization:&amp;nbsp;Token&amp;nbsp;&amp;lt;secret&amp;gt;&lt;/code&gt;.&lt;br&gt;Paste the secret where it is needed &lt;b&gt;before&lt;/b&gt; you close this window: closing clears the clipboard.</source>
        <translation>Skripte rufen die API-URL des Mandanten mit dem Header &lt;code&gt;Authorization:&amp;nbsp;Token&amp;nbsp;&amp;lt;secret&amp;gt;&lt;/code&gt; auf.&lt;br&gt;Fügen Sie das Secret dort ein, wo es gebraucht wird, &lt;b&gt;bevor&lt;/b&gt; Sie dieses Fenster schließen: Beim Schließen wird die Zwischenablage geleert.</translation>
    </message>
    <message>
        <source>Copied. The clipboard will be cleared in {seconds} s, or when you close this window.</source>
        <translation>Kopiert. Die Zwischenablage wird in {seconds} s geleert oder wenn Sie dieses Fenster schließen.</translation>
    </message>
    <message>
        <source>The clipboard was cleared. Copy again if you still need the secret.</source>
        <translation>Die Zwischenablage wurde geleert. Kopieren Sie erneut, falls Sie das Secret noch brauchen.</translation>
    </message>
    <message>
        <source>The clipboard now holds something else; the secret is no longer on it.</source>
        <translation>Die Zwischenablage enthält jetzt etwas anderes; das Secret ist nicht mehr darin.</translation>
    </message>
    <message>
        <source>Close without copying?</source>
        <translation>Ohne Kopieren schließen?</translation>
    </message>
    <message>
        <source>You have not copied the secret. It cannot be shown again.</source>
        <translation>Sie haben das Secret nicht kopiert. Es kann nicht noch einmal angezeigt werden.</translation>
    </message>
    <message>
        <source>Close &amp;anyway</source>
        <translation>&amp;Trotzdem schließen</translation>
    </message>
    <message>
        <source>&amp;Go back and copy</source>
        <translation>&amp;Zurück und kopieren</translation>
    </message>
</context>
<context>
    <name>ServiceTray</name>
    <message>
        <source>Token Desk — local tenant on {address}</source>
        <translation>Token Desk — lokaler Mandant auf {address}</translation>
    </message>
    <message>
        <source>&amp;Open Token Desk</source>
        <translation>Token Desk ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>Bei der &amp;Anmeldung starten</translation>
    </message>
    <message>
        <source>&amp;Quit (stops the local token service)</source>
        <translation>&amp;Beenden (stoppt den lokalen Token-Dienst)</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Starting the local token service…</source>
        <translation>Der lokale Token-Dienst wird gestartet…</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>Verbindung zu {url} wird hergestellt…</translation>
    </message>
    <message>
        <source>Not signed in: File → Sign in… when you are ready.</source>
        <translation>Nicht angemeldet: Datei → Anmelden…, wenn Sie bereit sind.</translation>
    </message>
    <message>
        <source>Generated “{name}”.</source>
        <translation>„{name}“ erzeugt.</translation>
    </message>
    <message>
        <source>Revoking {tokens}…</source>
        <translation>{tokens} werden widerrufen…</translation>
    </message>
    <message>
        <source>Revoking the tokens of deprovisioned users…</source>
        <translation>Die Token deprovisionierter Benutzer werden widerrufen …</translation>
    </message>
    <message>
        <source>Revoked {tokens} of deprovisioned users.</source>
        <translation>{tokens} deprovisionierter Benutzer widerrufen.</translation>
    </message>
    <message>
        <source>Signed out. The cached tokens were deleted from this computer.</source>
        <translation>Abgemeldet. Die zwischengespeicherten Token wurden von diesem Computer gelöscht.</translation>
    </message>
    <message>
        <source>Signed out. File → Sign in… signs you in again.</source>
        <translation>Abgemeldet. Mit Datei → Anmelden… melden Sie sich wieder an.</translation>
    </message>
    <message>
        <source>Rotated “{name}”.</source>
        <translation>„{name}“ rotiert.</translation>
    </message>
    <message>
        <source>The old secret of “{name}” no longer works.</source>
        <translation>Das alte Secret von „{name}“ funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>Ending the grace period…</source>
        <translation>Übergangsfrist wird beendet…</translation>
    </message>
    <message>
        <source>Not signed in: usage is unavailable.</source>
        <translation>Nicht angemeldet: Die Nutzung ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The token service cannot be reached: usage is unavailable.</source>
        <translation>Der Token-Dienst ist nicht erreichbar: Die Nutzung ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Sign in to edit the description.</source>
        <translation>Melden Sie sich an, um die Beschreibung zu bearbeiten.</translation>
    </message>
    <message>
        <source>Saved the description of “{name}”.</source>
        <translation>Beschreibung von „{name}“ gespeichert.</translation>
    </message>
    <message>
        <source>The token service cannot be reached; try again later.</source>
        <translation>Der Token-Dienst ist nicht erreichbar; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The session expired; sign in again.</source>
        <translation>Die Sitzung ist abgelaufen; melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The token service refused the request.</source>
        <translation>Der Token-Dienst hat die Anfrage abgelehnt.</translation>
    </message>
</context>
<context>
    <name>SessionStatusBar</name>
    <message>
        <source>Keyring problem</source>
        <translation>Problem mit dem Schlüsselbund</translation>
    </message>
    <message>
        <source>Token service</source>
        <translation>Token-Dienst</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Angemeldeter Benutzer</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzter Abgleich</translation>
    </message>
    <message>
        <source>⚠ Sign-in not saved (keyring)</source>
        <translation>⚠ Anmeldung nicht gespeichert (Schlüsselbund)</translation>
    </message>
    <message>
        <source>Service: {url}</source>
        <translation>Dienst: {url}</translation>
    </message>
    <message>
        <source>Tenant: {tenant}</source>
        <translation>Mandant: {tenant}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>User: {user}</source>
        <translation>Benutzer: {user}</translation>
    </message>
    <message>
        <source>User: {user} ({role})</source>
        <translation>Benutzer: {user} ({Role})</translation>
    </message>
    <message>
        <source> (last {time})</source>
        <translation> (zuletzt {time})</translation>
    </message>
    <message>
        <source>Syncing…{when}</source>
        <translation>Abgleich läuft…{when}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht abgeglichen</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>Abgeglichen {time}</translation>
    </message>
    <message>
        <source>Last good sync: {time} UTC</source>
        <translation>Letzter erfolgreicher Abgleich: {time} UTC</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Token Desk</source>
        <translation>Bei Token Desk anmelden</translation>
    </message>
    <message>
        <source>Token service</source>
        <translation>Token-Dienst</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Why signing in failed</source>
        <translation>Warum die Anmeldung fehlschlug</translation>
    </message>
    <message>
        <source>Time before the next attempt</source>
        <translation>Zeit bis zum nächsten Versuch</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>You can try again in {seconds} s.</source>
        <translation>Sie können es in {seconds} s erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>TokenSection</name>
    <message>
        <source>&amp;Active</source>
        <translation>&amp;Aktiv</translation>
    </message>
    <message>
        <source>&amp;Inactive</source>
        <translation>&amp;Inaktiv</translation>
    </message>
    <message>
        <source>&amp;Generated</source>
        <translation>&amp;Erzeugt</translation>
    </message>
    <message>
        <source>E&amp;xpired</source>
        <translation>A&amp;bgelaufen</translation>
    </message>
    <message>
        <source>Search name or owner (Ctrl+F)</source>
        <translation>Name oder Besitzer suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search {section} by name or owner</source>
        <translation>{Section} nach Name oder Besitzer durchsuchen</translation>
    </message>
    <message>
        <source>Show {status} tokens</source>
        <translation>Token mit Status „{Status}“ anzeigen</translation>
    </message>
    <message>
        <source>&amp;New {noun}…</source>
        <translation>&amp;Neuer {noun}…</translation>
    </message>
    <message>
        <source>Generate a new token (Ctrl+N)</source>
        <translation>Einen neuen Token erzeugen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Revoke the selected tokens (Delete)</source>
        <translation>Die ausgewählten Token widerrufen (Entf)</translation>
    </message>
    <message>
        <source>Tokens of deprovisioned users are refused at every use; revoke them in one step</source>
        <translation>Token deprovisionierter Benutzer werden bei jeder Verwendung abgewiesen; widerrufen Sie sie in einem Schritt</translation>
    </message>
    <message>
        <source>{section} table</source>
        <translation>Tabelle {section}</translation>
    </message>
    <message>
        <source>Revoke selected tokens</source>
        <translation>Ausgewählte Token widerrufen</translation>
    </message>
    <message>
        <source>Number of tokens shown</source>
        <translation>Anzahl der angezeigten Token</translation>
    </message>
    <message>
        <source>Tokens expiring soon</source>
        <translation>Bald ablaufende Token</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Sign in to generate tokens</source>
        <translation>Melden Sie sich an, um Token zu erzeugen</translation>
    </message>
    <message>
        <source>{status} ({count})</source>
        <translation>{status} ({count})</translation>
    </message>
    <message>
        <source>{status}: {count} tokens</source>
        <translation>{status}: {count} Token</translation>
    </message>
    <message>
        <source>{count} expiring within {days} day</source>
        <translation>{count} laufen innerhalb von {days} Tag ab</translation>
    </message>
    <message>
        <source>{count} expiring within {days} days</source>
        <translation>{count} laufen innerhalb von {days} Tagen ab</translation>
    </message>
    <message>
        <source>Revoke {count} token of deprovisioned users…</source>
        <translation>{count} Token deprovisionierter Benutzer widerrufen…</translation>
    </message>
    <message>
        <source>Revoke {count} tokens of deprovisioned users…</source>
        <translation>{count} Token deprovisionierter Benutzer widerrufen…</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>{shown} of {total} {noun}</source>
        <translation>{shown} von {total} {noun}</translation>
    </message>
    <message>
        <source>{total} {noun}</source>
        <translation>{total} {noun}</translation>
    </message>
    <message>
        <source>Not signed in: no {section} to show.
File → Sign in… loads them.</source>
        <translation>Nicht angemeldet: keine {section} anzuzeigen.
Datei → Anmelden … lädt sie.</translation>
    </message>
    <message>
        <source>Loading {section} from the token service…</source>
        <translation>{section} werden vom Token-Dienst geladen …</translation>
    </message>
    <message>
        <source>No {section} left: all were revoked.
Press Ctrl+N to generate one.</source>
        <translation>Keine {section} mehr: alle wurden widerrufen.
Strg+N erzeugt einen neuen.</translation>
    </message>
    <message>
        <source>No {section} yet.
Press Ctrl+N to generate one.</source>
        <translation>Noch keine {section}.
Mit Strg+N erzeugen Sie einen.</translation>
    </message>
    <message>
        <source>No status is selected above.</source>
        <translation>Oben ist kein Status ausgewählt.</translation>
    </message>
    <message>
        <source>No tokens match the search and status filter.</source>
        <translation>Keine Token passen zu Suche und Statusfilter.</translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <source>Daily uses, past 30 days</source>
        <translation>Verwendungen pro Tag, letzte 30 Tage</translation>
    </message>
    <message>
        <source>{total} uses in the past 30 days, at most {peak} on one day</source>
        <translation>{total} Verwendungen in den letzten 30 Tagen, höchstens {peak} an einem Tag</translation>
    </message>
    <message>
        <source>Usage is unavailable</source>
        <translation>Die Nutzung ist nicht verfügbar</translation>
    </message>
    <message>
        <source>1 use</source>
        <translation>1 Verwendung</translation>
    </message>
    <message>
        <source>{count} uses</source>
        <translation>{count} Verwendungen</translation>
    </message>
    <message>
        <source>{day}: {uses}</source>
        <translation>{day}: {uses}</translation>
    </message>
    <message>
        <source>max {peak}</source>
        <translation>max. {peak}</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heute</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <source>Scripts reach the local tenant only while this window is open</source>
        <translation>Skripte erreichen den lokalen Mandanten nur, solange dieses Fenster offen ist</translation>
    </message>
    <message>
        <source>This desktop has no system tray, so closing the window stops the local token service and scripts using its tokens stop working until Token Desk runs again.</source>
        <translation>Dieser Desktop hat keinen Infobereich (System-Tray). Deshalb stoppt das Schließen des Fensters den lokalen Token-Dienst, und Skripte mit seinen Token funktionieren erst wieder, wenn Token Desk erneut läuft.</translation>
    </message>
    <message>
        <source>⚠ {old} is in use by another program: the local tenant is on {new} until Token Desk is restarted. Scripts using {old} cannot reach it.</source>
        <translation>⚠ {old} wird von einem anderen Programm belegt: Der lokale Mandant läuft bis zum Neustart von Token Desk auf {new}. Skripte, die {old} verwenden, erreichen ihn nicht.</translation>
    </message>
    <message>
        <source>Start at &amp;login (serve from the tray)</source>
        <translation>Bei der &amp;Anmeldung starten (im Infobereich weiterlaufen)</translation>
    </message>
    <message>
        <source>Token Desk starts in the tray at login ({path}).</source>
        <translation>Token Desk startet bei der Anmeldung im Infobereich ({path}).</translation>
    </message>
    <message>
        <source>Token Desk no longer starts at login.</source>
        <translation>Token Desk startet nicht mehr bei der Anmeldung.</translation>
    </message>
    <message>
        <source>The other start&apos;s --server/--tenant were not valid.</source>
        <translation>Die beim anderen Start angegebenen --server/--tenant waren ungültig.</translation>
    </message>
    <message>
        <source>the local tenant</source>
        <translation>den lokalen Mandanten</translation>
    </message>
    <message>
        <source>{url} (tenant {tenant})</source>
        <translation>{url} (Mandant {tenant})</translation>
    </message>
    <message>
        <source>Remembered {where}: Token Desk connects there when you quit and start it again.</source>
        <translation>{where} gespeichert: Token Desk verbindet sich dorthin, wenn Sie es beenden und erneut starten.</translation>
    </message>
    <message>
        <source>Token Desk keeps serving</source>
        <translation>Token Desk läuft weiter</translation>
    </message>
    <message>
        <source>Scripts can still use the local tenant. Quit from this icon to stop it.</source>
        <translation>Skripte können den lokalen Mandanten weiter nutzen. Beenden Sie ihn über dieses Symbol.</translation>
    </message>
    <message>
        <source>Token Desk: {count} notices</source>
        <translation>Token Desk: {count} Hinweise</translation>
    </message>
    <message>
        <source>Token Desk: a notice</source>
        <translation>Token Desk: ein Hinweis</translation>
    </message>
</context>
<context>
    <name>chunked_revoke</name>
    <message>
        <source>the token still works</source>
        <translation>das Token funktioniert weiterhin</translation>
    </message>
    <message>
        <source>the {count} tokens still work</source>
        <translation>die {count} Token funktionieren weiterhin</translation>
    </message>
    <message>
        <source>Revoked 1 token.</source>
        <translation>1 Token widerrufen.</translation>
    </message>
    <message>
        <source>Revoked {done} tokens.</source>
        <translation>{done} Token widerrufen.</translation>
    </message>
    <message>
        <source>Revoke cancelled: {done} of {total} tokens were revoked; the other {left} were not and still work.</source>
        <translation>Widerrufen abgebrochen: {done} von {total} Token wurden widerrufen; die übrigen {left} nicht, sie funktionieren weiterhin.</translation>
    </message>
    <message>
        <source>The token service did not answer, so nothing was revoked: {still_work}. Try again when it is back.</source>
        <translation>Der Token-Dienst hat nicht geantwortet, daher wurde nichts widerrufen: {still_work}. Versuchen Sie es erneut, sobald er wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>The token service stopped answering: {done} of {total} tokens were revoked; the other {left} were not and still work. Try again when it is back.</source>
        <translation>Der Token-Dienst antwortet nicht mehr: {done} von {total} Token wurden widerrufen; die übrigen {left} nicht, sie funktionieren weiterhin. Versuchen Sie es erneut, sobald er wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>The token service did not answer in time. {done} of {total} tokens were revoked; the last batch of {batch} may or may not have been (a sync is checking), and no other token was revoked.</source>
        <translation>Der Token-Dienst hat nicht rechtzeitig geantwortet. {done} von {total} Token wurden widerrufen; der letzte Stapel von {batch} vielleicht (ein Abgleich prüft es), kein weiteres Token wurde widerrufen.</translation>
    </message>
    <message>
        <source>The token service did not answer in time. {done} of {total} tokens were revoked; the last batch of {batch} may or may not have been (a sync is checking), and the other {rest} were not revoked.</source>
        <translation>Der Token-Dienst hat nicht rechtzeitig geantwortet. {done} von {total} Token wurden widerrufen; der letzte Stapel von {batch} vielleicht (ein Abgleich prüft es), die übrigen {rest} wurden nicht widerrufen.</translation>
    </message>
    <message>
        <source>Nothing was revoked: {error}</source>
        <translation>Nichts wurde widerrufen: {error}</translation>
    </message>
    <message>
        <source>Only {done} of {total} tokens were revoked; the other {left} were not and still work. {error}</source>
        <translation>Nur {done} von {total} Token wurden widerrufen; die übrigen {left} nicht, sie funktionieren weiterhin. {error}</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>gestern</translation>
    </message>
    <message>
        <source>in less than a minute</source>
        <translation>in weniger als einer Minute</translation>
    </message>
    <message>
        <source>{utc} UTC
{local} local time ({zone})</source>
        <translation>{utc} UTC
{local} Ortszeit ({zone})</translation>
    </message>
    <message>
        <source>Blocked: its owner was deprovisioned, so every use is refused (403)</source>
        <translation>Gesperrt: sein Besitzer wurde deprovisioniert, daher wird jede Verwendung abgewiesen (403)</translation>
    </message>
    <message>
        <source>Active: used within the past 7 days</source>
        <translation>Aktiv: in den letzten 7 Tagen verwendet</translation>
    </message>
    <message>
        <source>Generated: never used yet</source>
        <translation>Erzeugt: noch nie verwendet</translation>
    </message>
    <message>
        <source>Inactive: not used within the past 7 days</source>
        <translation>Inaktiv: in den letzten 7 Tagen nicht verwendet</translation>
    </message>
    <message>
        <source>Expired: past its expiry, every use is refused (401)</source>
        <translation>Abgelaufen: das Ablaufdatum ist überschritten, jede Verwendung wird abgewiesen (401)</translation>
    </message>
    <message>
        <source>{count} minute ago</source>
        <translation>vor {count} Minute</translation>
    </message>
    <message>
        <source>{count} minutes ago</source>
        <translation>vor {count} Minuten</translation>
    </message>
    <message>
        <source>{count} hour ago</source>
        <translation>vor {count} Stunde</translation>
    </message>
    <message>
        <source>{count} hours ago</source>
        <translation>vor {count} Stunden</translation>
    </message>
    <message>
        <source>{count} day ago</source>
        <translation>vor {count} Tag</translation>
    </message>
    <message>
        <source>{count} days ago</source>
        <translation>vor {count} Tagen</translation>
    </message>
    <message>
        <source>{count} month ago</source>
        <translation>vor {count} Monat</translation>
    </message>
    <message>
        <source>{count} months ago</source>
        <translation>vor {count} Monaten</translation>
    </message>
    <message>
        <source>{count} year ago</source>
        <translation>vor {count} Jahr</translation>
    </message>
    <message>
        <source>{count} years ago</source>
        <translation>vor {count} Jahren</translation>
    </message>
    <message>
        <source>in {count} minute</source>
        <translation>in {count} Minute</translation>
    </message>
    <message>
        <source>in {count} minutes</source>
        <translation>in {count} Minuten</translation>
    </message>
    <message>
        <source>in {count} hour</source>
        <translation>in {count} Stunde</translation>
    </message>
    <message>
        <source>in {count} hours</source>
        <translation>in {count} Stunden</translation>
    </message>
    <message>
        <source>in {count} day</source>
        <translation>in {count} Tag</translation>
    </message>
    <message>
        <source>in {count} days</source>
        <translation>in {count} Tagen</translation>
    </message>
    <message>
        <source>in {count} month</source>
        <translation>in {count} Monat</translation>
    </message>
    <message>
        <source>in {count} months</source>
        <translation>in {count} Monaten</translation>
    </message>
    <message>
        <source>in {count} year</source>
        <translation>in {count} Jahr</translation>
    </message>
    <message>
        <source>in {count} years</source>
        <translation>in {count} Jahren</translation>
    </message>
    <message>
        <source>{owner} (deprovisioned)</source>
        <translation>{owner} (deprovisioniert)</translation>
    </message>
    <message>
        <source>&lt;p&gt;{owner} was deprovisioned: this token is refused (403) at every use. Revoke it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{owner} wurde deprovisioniert: Dieser Token wird bei jeder Verwendung abgewiesen (403). Widerrufen Sie ihn.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{owner}, deprovisioned user</source>
        <translation>{owner}, deprovisionierter Benutzer</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Never used: the token&apos;s status is Generated.</source>
        <translation>Nie verwendet: Der Status des Tokens ist „Erzeugt“.</translation>
    </message>
    <message>
        <source>Last used {time}</source>
        <translation>Zuletzt verwendet {time}</translation>
    </message>
    <message>
        <source>Old secret valid until {time} (last used {used})</source>
        <translation>Altes Secret gültig bis {time} (zuletzt verwendet {used})</translation>
    </message>
    <message>
        <source>Old secret valid until {time} (not used since the rotation)</source>
        <translation>Altes Secret gültig bis {time} (seit der Rotation nicht verwendet)</translation>
    </message>
    <message>
        <source>Never expires</source>
        <translation>Läuft nie ab</translation>
    </message>
    <message>
        <source>Expired {time}</source>
        <translation>Abgelaufen {time}</translation>
    </message>
    <message>
        <source>Expires {time}</source>
        <translation>Läuft ab {time}</translation>
    </message>
    <message>
        <source>Expires within {days} days: rotate it or generate a new one.</source>
        <translation>Läuft innerhalb von {days} Tagen ab: rotieren Sie es oder erzeugen Sie ein neues.</translation>
    </message>
    <message>
        <source>{when}, expiring soon</source>
        <translation>{when}, läuft bald ab</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>The token&apos;s name</source>
        <translation>Der Name des Tokens</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>The user who generated the token</source>
        <translation>Der Benutzer, der den Token erzeugt hat</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>When the token expires (marked when within the tenant&apos;s warning period)</source>
        <translation>Wann das Token abläuft (markiert innerhalb der Warnfrist des Mandanten)</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Generated: never used · Active: used in the past 7 days · Inactive: not used for 7 days · Expired: past its expiry</source>
        <translation>Erzeugt: nie verwendet · Aktiv: in den letzten 7 Tagen verwendet · Inaktiv: seit 7 Tagen nicht verwendet · Abgelaufen: Ablaufdatum überschritten</translation>
    </message>
    <message>
        <source>Privileges</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <source>What the token may do (never more than its owner&apos;s current role allows)</source>
        <translation>Was der Token darf (nie mehr, als die aktuelle Rolle seines Besitzers erlaubt)</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erzeugt</translation>
    </message>
    <message>
        <source>When the token was generated</source>
        <translation>Wann der Token erzeugt wurde</translation>
    </message>
    <message>
        <source>Generated {time}</source>
        <translation>Erzeugt {time}</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>When the token was last used</source>
        <translation>Wann der Token zuletzt verwendet wurde</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>API tokens</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>SIEM agents</source>
        <translation>SIEM-Agenten</translation>
    </message>
    <message>
        <source>Log collectors</source>
        <translation>Log-Sammler</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>SIEM agent token</source>
        <translation>SIEM-Agent-Token</translation>
    </message>
    <message>
        <source>log collector token</source>
        <translation>Log-Sammler-Token</translation>
    </message>
    <message>
        <source>an API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>a SIEM agent token</source>
        <translation>SIEM-Agent-Token</translation>
    </message>
    <message>
        <source>a log collector token</source>
        <translation>Log-Sammler-Token</translation>
    </message>
    <message>
        <source>Log collector token</source>
        <translation>Log-Sammler-Token</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erzeugt</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Read + write</source>
        <translation>Lesen + Schreiben</translation>
    </message>
    <message>
        <source>Can read the tenant&apos;s data (for example list alerts); cannot change anything.</source>
        <translation>Kann die Daten des Mandanten lesen (zum Beispiel Alarme auflisten); kann nichts ändern.</translation>
    </message>
    <message>
        <source>Can read and alter the tenant&apos;s data (for example close alerts).</source>
        <translation>Kann die Daten des Mandanten lesen und ändern (zum Beispiel Alarme schließen).</translation>
    </message>
    <message>
        <source>The token could not be generated because of an unexpected error. The details were written to the log; try again, and report it if it keeps happening.</source>
        <translation>Der Token konnte wegen eines unerwarteten Fehlers nicht erzeugt werden. Die Einzelheiten stehen im Protokoll; versuchen Sie es erneut und melden Sie es, wenn es wieder passiert.</translation>
    </message>
    <message>
        <source>The token could not be rotated because of an unexpected error; its secret is unchanged. The details were written to the log; try again, and report it if it keeps happening.</source>
        <translation>Der Token konnte wegen eines unerwarteten Fehlers nicht rotiert werden; sein Secret ist unverändert. Die Einzelheiten stehen im Protokoll; versuchen Sie es erneut und melden Sie es, wenn es wieder passiert.</translation>
    </message>
    <message>
        <source>Give the token a name.</source>
        <translation>Geben Sie dem Token einen Namen.</translation>
    </message>
    <message>
        <source>Give the token a name (1 to 64 characters).</source>
        <translation>Geben Sie dem Token einen Namen (1 bis 64 Zeichen).</translation>
    </message>
    <message>
        <source>Global admin</source>
        <translation>Globaler Administrator</translation>
    </message>
    <message>
        <source>Security admin</source>
        <translation>Sicherheitsadministrator</translation>
    </message>
    <message>
        <source>Security operator</source>
        <translation>Sicherheitsoperator</translation>
    </message>
    <message>
        <source>Security reader</source>
        <translation>Sicherheitsleser</translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <source>desktop-app: Token Desk is already running; its window was brought forward.</source>
        <translation>desktop-app: Token Desk läuft bereits; sein Fenster wurde in den Vordergrund geholt.</translation>
    </message>
</context>
<context>
    <name>revoke_dialog</name>
    <message>
        <source>&amp;Revoke token</source>
        <translation>Token &amp;widerrufen</translation>
    </message>
    <message>
        <source>Scripts and agents using it will be refused (401) from their next call. Revoking cannot be undone: they will need a new token.</source>
        <translation>Skripte und Agenten, die es verwenden, werden ab ihrem nächsten Aufruf abgewiesen (401). Widerrufen lässt sich nicht rückgängig machen: sie brauchen ein neues Token.</translation>
    </message>
    <message>
        <source>Scripts and agents using them will be refused (401) from their next call. Revoking cannot be undone: they will need a new token.</source>
        <translation>Skripte und Agenten, die sie verwenden, werden ab ihrem nächsten Aufruf abgewiesen (401). Widerrufen lässt sich nicht rückgängig machen: sie brauchen ein neues Token.</translation>
    </message>
    <message>
        <source>Revoke the token “{name}” of {owner}?</source>
        <translation>Das Token „{name}“ von {owner} widerrufen?</translation>
    </message>
    <message>
        <source>Revoke these {tokens}?</source>
        <translation>Diese {tokens} widerrufen?</translation>
    </message>
    <message>
        <source>&amp;Revoke {count} tokens</source>
        <translation>{count} Token &amp;widerrufen</translation>
    </message>
    <message>
        <source>Revoke tokens</source>
        <translation>Token widerrufen</translation>
    </message>
    <message>
        <source>Revoke the tokens of {owners}?</source>
        <translation>Die Token von {owners} widerrufen?</translation>
    </message>
    <message>
        <source>In {section}: {tokens}.</source>
        <translation>In {section}: {tokens}.</translation>
    </message>
    <message>
        <source>In all sections: {tokens} ({counts}).</source>
        <translation>In allen Bereichen: {tokens} ({counts}).</translation>
    </message>
    <message>
        <source>the deprovisioned user {owner}</source>
        <translation>des deprovisionierten Benutzers {owner}</translation>
    </message>
    <message>
        <source>{count} deprovisioned users</source>
        <translation>von {count} deprovisionierten Benutzern</translation>
    </message>
    <message>
        <source>Their owners no longer work here, so every use is already refused (403). Revoking removes them for good; it cannot be undone.</source>
        <translation>Ihre Besitzer arbeiten nicht mehr hier, daher wird jede Verwendung bereits abgewiesen (403). Das Widerrufen entfernt sie endgültig; es lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>&amp;Revoke {count} in {section}</source>
        <translation>{count} in {section} &amp;widerrufen</translation>
    </message>
    <message>
        <source>Revoke {count} in &amp;all sections</source>
        <translation>{count} in &amp;allen Bereichen widerrufen</translation>
    </message>
    <message>
        <source>Revoke tokens of deprovisioned users</source>
        <translation>Token deprovisionierter Benutzer widerrufen</translation>
    </message>
</context>
<context>
    <name>revoke_list</name>
    <message>
        <source>{count} token</source>
        <translation>{count} Token</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} Token</translation>
    </message>
    <message>
        <source>{count} {noun}</source>
        <translation>{count} {noun}</translation>
    </message>
    <message>
        <source>{count} {noun}s</source>
        <translation>{count} {noun}</translation>
    </message>
</context>
</TS>
