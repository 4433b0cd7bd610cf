<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
    <context>
        <name>WERTvoll</name>
        <message>
            <source>&amp;WERTvoll</source>
            <translation>&amp;WERTvoll</translation>
        </message>
        <message>
            <source>&lt;p&gt;Finds, values and ranks land for nature compensation (BNatSchG §15) across the city–countryside region; SächsNatSchG §10(1) allows the whole planning region as search area. Each candidate parcel, minus the exclusions, gets its eco-point uplift and its co-benefits for drinking water, floods, rivers and the biotope network.&lt;/p&gt;&lt;h3&gt;Formulas&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;area_m2&lt;/b&gt;: planar area in metres; geographic input is measured in EPSG:25833.&lt;/li&gt;&lt;li&gt;&lt;b&gt;uplift_pts&lt;/b&gt; = (value_target − value_now) × area_m2 (BKompV §8(2)); values in points per m² from the value table (BKompV 2020 scale 0–24).&lt;/li&gt;&lt;li&gt;&lt;b&gt;PIK&lt;/b&gt;: on arable land whose soil index is at or above the threshold (default: area-weighted mean of the arable candidates) the production-integrated measure and its target replace the measure (BNatSchG §15(3)).&lt;/li&gt;&lt;li&gt;&lt;b&gt;share_*&lt;/b&gt;: share 0–1 of the candidate inside the union of the co-benefit layer.&lt;/li&gt;&lt;li&gt;&lt;b&gt;score&lt;/b&gt; = W_UPLIFT × (value_target − value_now) / 24 + W_WATER × share_water + W_FLOOD × share_flood + W_RIPARIAN × share_riparian + W_CORRIDOR × share_corridor.&lt;/li&gt;&lt;li&gt;&lt;b&gt;rank&lt;/b&gt; 1 = best score; ties by larger uplift_pts, then smaller src_fid.&lt;/li&gt;&lt;li&gt;&lt;b&gt;selected&lt;/b&gt;: with DEMAND &gt; 0 candidates are taken by rank until their uplift covers the demand; if all together fall short, all are selected and a warning gives the shortfall.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;notes&lt;/b&gt; lists legal conflicts: woody measures in flood zones (WHG §78a), arable land in riparian strips (SächsWG §24), drinking-water zone I, PIK.&lt;/p&gt;&lt;h3&gt;Example&lt;/h3&gt;&lt;p&gt;1 ha arable on loess (7 points/m²) turned into moderately species-rich grassland (15): uplift = 8 × 10,000 = 80,000 points, score from uplift = 8/24 = 0.33; half of it inside a drinking-water zone adds 0.5 × W_WATER.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Findet, bewertet und reiht Flächen für die naturschutzrechtliche Kompensation (BNatSchG §15) in der Stadt-Land-Region; nach SächsNatSchG §10(1) ist die ganze Planungsregion Suchraum. Jedes Kandidatenflurstück erhält, abzüglich der Ausschlussflächen, seine Wertpunkt-Aufwertung und seinen Zusatznutzen für Trinkwasser, Hochwasser, Gewässer und Biotopverbund.&lt;/p&gt;&lt;h3&gt;Formeln&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;area_m2&lt;/b&gt;: ebene Fläche in Metern; geografische Eingaben werden in EPSG:25833 gemessen.&lt;/li&gt;&lt;li&gt;&lt;b&gt;uplift_pts&lt;/b&gt; = (value_target − value_now) × area_m2 (BKompV §8(2)); Werte in Punkten je m² aus der Wertetabelle (BKompV-2020-Skala 0–24).&lt;/li&gt;&lt;li&gt;&lt;b&gt;PIK&lt;/b&gt;: auf Acker mit einer Bodenzahl ab dem Schwellenwert (Vorgabe: flächengewichtetes Mittel der Acker-Kandidaten) ersetzen die produktionsintegrierte Maßnahme und ihr Zielwert die Maßnahme (BNatSchG §15(3)).&lt;/li&gt;&lt;li&gt;&lt;b&gt;share_*&lt;/b&gt;: Anteil 0–1 des Kandidaten innerhalb der Vereinigung der Zusatznutzen-Ebene.&lt;/li&gt;&lt;li&gt;&lt;b&gt;score&lt;/b&gt; = W_UPLIFT × (value_target − value_now) / 24 + W_WATER × share_water + W_FLOOD × share_flood + W_RIPARIAN × share_riparian + W_CORRIDOR × share_corridor.&lt;/li&gt;&lt;li&gt;&lt;b&gt;rank&lt;/b&gt; 1 = beste Bewertung; bei Gleichstand entscheidet die größere uplift_pts, dann die kleinere src_fid.&lt;/li&gt;&lt;li&gt;&lt;b&gt;selected&lt;/b&gt;: bei DEMAND &gt; 0 werden Kandidaten nach Rang gewählt, bis ihre Aufwertung den Bedarf deckt; reichen alle zusammen nicht, werden alle gewählt und eine Warnung nennt den Fehlbetrag.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;notes&lt;/b&gt; nennt Rechtskonflikte: Gehölzmaßnahmen im Überschwemmungsgebiet (WHG §78a), Acker im Gewässerrandstreifen (SächsWG §24), Trinkwasserschutzzone I, PIK.&lt;/p&gt;&lt;h3&gt;Beispiel&lt;/h3&gt;&lt;p&gt;1 ha Acker auf Löss (7 Punkte/m²) wird zu mäßig artenreichem Grünland (15): Aufwertung = 8 × 10.000 = 80.000 Punkte, Anteil der Aufwertung an der Bewertung = 8/24 = 0,33; liegt die Hälfte in einer Trinkwasserschutzzone, kommen 0,5 × W_WATER hinzu.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A Processing provider with the id 'wertvoll' is already registered; remove the other copy of the WERTvoll plugin.</source>
            <translation>Ein Processing-Provider mit der Kennung 'wertvoll' ist bereits registriert; entfernen Sie die andere Kopie des WERTvoll-Plugins.</translation>
        </message>
        <message>
            <source>All {count} candidates together give {total:.0f} eco-points, {shortfall:.0f} short of the demand of {demand:.0f}: all were selected. Add candidate land (fewer exclusions, smaller MIN_AREA, more codes with a measure) or cover the rest elsewhere.</source>
            <translation>Alle {count} Kandidaten zusammen ergeben {total:.0f} Wertpunkte, {shortfall:.0f} weniger als der Bedarf von {demand:.0f}: alle wurden ausgewählt. Mehr Kandidatenflächen zulassen (weniger Ausschlüsse, kleinere MIN_AREA, mehr Codes mit Maßnahme) oder den Rest anderweitig ausgleichen.</translation>
        </message>
        <message>
            <source>Areas are measured in {crs}: the candidate layer is not in a metric CRS.</source>
            <translation>Flächen werden in {crs} gemessen: der Kandidaten-Layer hat kein metrisches KBS.</translation>
        </message>
        <message>
            <source>Biotope network</source>
            <translation>Biotopverbund</translation>
        </message>
        <message>
            <source>Biotope network corridors or gaps</source>
            <translation>Biotopverbund-Korridore oder -Lücken</translation>
        </message>
        <message>
            <source>CSV (UTF-8, ; or , separated) with the header code,label,value_now,measure,value_target,pik_measure,pik_value_target in points per m². Empty: the shipped table on the BKompV 2020 scale (resources/value_tables/bkompv_default.csv).</source>
            <translation>CSV (UTF-8, mit ; oder , getrennt) mit der Kopfzeile code,label,value_now,measure,value_target,pik_measure,pik_value_target in Punkten je m². Leer: die mitgelieferte Tabelle auf der BKompV-2020-Skala (resources/value_tables/bkompv_default.csv).</translation>
        </message>
        <message>
            <source>Cancelled by the user; no result was written.</source>
            <translation>Vom Benutzer abgebrochen; es wurde kein Ergebnis geschrieben.</translation>
        </message>
        <message>
            <source>Candidate land (parcels)</source>
            <translation>Kandidatenflächen (Flurstücke)</translation>
        </message>
        <message>
            <source>Cannot write the raster {path}. Check that the folder exists and is writable.</source>
            <translation>Das Raster {path} kann nicht geschrieben werden. Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
        </message>
        <message>
            <source>Choose the municipality name field, or leave the municipality layer empty.</source>
            <translation>Wählen Sie das Feld mit dem Gemeindenamen oder lassen Sie den Gemeinde-Layer leer.</translation>
        </message>
        <message>
            <source>Compensation</source>
            <translation>Kompensation</translation>
        </message>
        <message>
            <source>Compensation candidates</source>
            <translation>Kompensationskandidaten</translation>
        </message>
        <message>
            <source>Compensation demand (eco-points)</source>
            <translation>Kompensationsbedarf (Wertpunkte)</translation>
        </message>
        <message>
            <source>Compensation-area screening</source>
            <translation>Kompensationsflächen-Suche</translation>
        </message>
        <message>
            <source>Corridors or gaps of the biotope network, e.g. from wertvoll:biotopecorridors (BNatSchG §21).</source>
            <translation>Korridore oder Lücken des Biotopverbunds, z. B. aus wertvoll:biotopecorridors (BNatSchG §21).</translation>
        </message>
        <message>
            <source>Demand met</source>
            <translation>Bedarf gedeckt</translation>
        </message>
        <message>
            <source>Drinking-water protection zones</source>
            <translation>Trinkwasserschutzgebiete</translation>
        </message>
        <message>
            <source>Drinking-water protection zones (DVGW W 101). Groundwater-protective extensification pays most in zone III.</source>
            <translation>Trinkwasserschutzzonen (DVGW W 101). Grundwasserschonende Extensivierung lohnt am meisten in Zone III.</translation>
        </message>
        <message>
            <source>Eco-points to cover. Candidates are selected by rank until their uplift covers the demand. 0: no selection.</source>
            <translation>Zu deckende Wertpunkte. Kandidaten werden nach Rang gewählt, bis ihre Aufwertung den Bedarf deckt. 0: keine Auswahl.</translation>
        </message>
        <message>
            <source>Exclusion layers</source>
            <translation>Ausschluss-Layer</translation>
        </message>
        <message>
            <source>Field holding the zone (I, II, III). Features with zone I or 1 raise the note 'drinking-water protection zone I'. Empty: a field named 'zone' is used if present.</source>
            <translation>Feld mit der Zone (I, II, III). Objekte mit Zone I oder 1 erzeugen den Hinweis 'Trinkwasserschutzzone I'. Leer: ein Feld namens 'zone' wird verwendet, falls vorhanden.</translation>
        </message>
        <message>
            <source>Field with the current land-use or biotope code (text or integer), looked up in the value table. Codes missing from the table are skipped with one warning each.</source>
            <translation>Feld mit dem aktuellen Nutzungs- oder Biotopcode (Text oder Ganzzahl), der in der Wertetabelle nachgeschlagen wird. Codes, die in der Tabelle fehlen, werden mit je einer Warnung übersprungen.</translation>
        </message>
        <message>
            <source>Field with the municipality name. Needed when municipalities are given.</source>
            <translation>Feld mit dem Gemeindenamen. Nötig, wenn Gemeinden angegeben sind.</translation>
        </message>
        <message>
            <source>Flood zones</source>
            <translation>Überschwemmungsgebiete</translation>
        </message>
        <message>
            <source>Land-use code '{code}' ({count} features) is not in the value table {table}; these features were skipped. Add a row for the code to the value table if they should be screened.</source>
            <translation>Der Nutzungscode '{code}' ({count} Objekte) fehlt in der Wertetabelle {table}; diese Objekte wurden übersprungen. Für den Code eine Zeile in der Wertetabelle ergänzen, wenn sie geprüft werden sollen.</translation>
        </message>
        <message>
            <source>Land-use code field</source>
            <translation>Feld mit dem Nutzungscode</translation>
        </message>
        <message>
            <source>Minimum area of a candidate part (m²)</source>
            <translation>Mindestfläche eines Kandidatenteils (m²)</translation>
        </message>
        <message>
            <source>Municipalities</source>
            <translation>Gemeinden</translation>
        </message>
        <message>
            <source>Municipality boundaries; each candidate gets the municipality holding the largest share of it, and the summary has one row per municipality.</source>
            <translation>Gemeindegrenzen; jeder Kandidat erhält die Gemeinde mit dem größten Flächenanteil, und die Übersicht hat eine Zeile je Gemeinde.</translation>
        </message>
        <message>
            <source>Municipality name field</source>
            <translation>Feld mit dem Gemeindenamen</translation>
        </message>
        <message>
            <source>Municipality | candidates | area ha | uplift points | selected points</source>
            <translation>Gemeinde | Kandidaten | Fläche ha | Aufwertung Punkte | gewählte Punkte</translation>
        </message>
        <message>
            <source>No candidate land remained. Check LANDUSE_FIELD and the codes of the value table, the exclusions and MIN_AREA.</source>
            <translation>Es blieb keine Kandidatenfläche übrig. LANDUSE_FIELD und die Codes der Wertetabelle, die Ausschlussflächen und MIN_AREA prüfen.</translation>
        </message>
        <message>
            <source>No candidate with a PIK option has a soil value, so no PIK was proposed. Check SOIL_FIELD or enter PIK_SOIL_THRESHOLD.</source>
            <translation>Kein Kandidat mit PIK-Option hat eine Bodenwertzahl, daher wurde keine PIK vorgeschlagen. SOIL_FIELD prüfen oder PIK_SOIL_THRESHOLD angeben.</translation>
        </message>
        <message>
            <source>Number of candidates</source>
            <translation>Anzahl der Kandidaten</translation>
        </message>
        <message>
            <source>Numeric field with the soil taxation index (7–100). Arable land at or above the threshold gets production-integrated compensation (PIK) instead of conversion (BNatSchG §15(3), BKompV §10).</source>
            <translation>Zahlenfeld mit der Acker-/Grünlandzahl der Bodenschätzung (7–100). Acker ab dem Schwellenwert erhält produktionsintegrierte Kompensation (PIK) statt Umwandlung (BNatSchG §15(3), BKompV §10).</translation>
        </message>
        <message>
            <source>Official flood zones (HQ100, WHG §76) or zones from wertvoll:floodriskzones. Grassland and retention are a synergy (WHG §77); woody measures a conflict (§78a).</source>
            <translation>Festgesetzte Überschwemmungsgebiete (HQ100, WHG §76) oder Zonen aus wertvoll:floodriskzones. Grünland und Rückhalt sind eine Synergie (WHG §77), Gehölzmaßnahmen ein Konflikt (§78a).</translation>
        </message>
        <message>
            <source>One polygon per remaining candidate part with value, measure, uplift, co-benefit shares, score, rank, selection and legal notes.</source>
            <translation>Ein Polygon je verbleibendem Kandidatenteil mit Wert, Maßnahme, Aufwertung, Zusatznutzen-Anteilen, Bewertung, Rang, Auswahl und Rechtshinweisen.</translation>
        </message>
        <message>
            <source>PIK soil threshold</source>
            <translation>Bodenzahl-Schwelle für PIK</translation>
        </message>
        <message>
            <source>Parts left after the exclusions that are smaller than this are dropped.</source>
            <translation>Nach den Ausschlüssen verbleibende Teile, die kleiner sind, entfallen.</translation>
        </message>
        <message>
            <source>Polygon layers removed from the candidates: settlements, roads, water, existing compensation or eco-account areas (KoKa-Nat), high-value biotopes.</source>
            <translation>Polygon-Layer, die von den Kandidaten abgezogen werden: Siedlung, Verkehr, Gewässer, bestehende Kompensations- oder Ökokontoflächen (KoKa-Nat), hochwertige Biotope.</translation>
        </message>
        <message>
            <source>Polygons of candidate land: ALKIS parcels (Flurstücke) or land-use polygons, any CRS.</source>
            <translation>Polygone der Kandidatenflächen: ALKIS-Flurstücke oder Nutzungsflächen, beliebiges KBS.</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Berichte</translation>
        </message>
        <message>
            <source>Riparian strips and corridors</source>
            <translation>Gewässerrandstreifen und -korridore</translation>
        </message>
        <message>
            <source>Riparian strips or river development corridors, e.g. from wertvoll:riparianstrips (SächsWG §24, WHG §38).</source>
            <translation>Gewässerrandstreifen oder Gewässerentwicklungskorridore, z. B. aus wertvoll:riparianstrips (SächsWG §24, WHG §38).</translation>
        </message>
        <message>
            <source>Run the WERTvoll algorithms from the Processing toolbox (group "WERTvoll city–countryside"). Report templates for compensation, water and the biotope network will be filled in here.</source>
            <translation>Starten Sie die WERTvoll-Algorithmen aus der Processing-Werkzeugkiste (Gruppe „WERTvoll Stadt-Land“). Hier werden künftig die Berichtsvorlagen für Kompensation, Gewässer und Biotopverbund ausgefüllt.</translation>
        </message>
        <message>
            <source>Selected eco-points</source>
            <translation>Gewählte Wertpunkte</translation>
        </message>
        <message>
            <source>Show or hide the WERTvoll report panel</source>
            <translation>WERTvoll-Berichtsfenster ein- oder ausblenden</translation>
        </message>
        <message>
            <source>Soil index field (Acker-/Grünlandzahl)</source>
            <translation>Feld mit der Bodenzahl (Acker-/Grünlandzahl)</translation>
        </message>
        <message>
            <source>Soil index from which PIK is proposed. Empty: the area-weighted mean soil index of the arable candidates (BKompV §10: judged relative to the district).</source>
            <translation>Bodenzahl, ab der PIK vorgeschlagen wird. Leer: das flächengewichtete Mittel der Bodenzahlen der Acker-Kandidaten (BKompV §10: im Verhältnis zum Landkreis beurteilt).</translation>
        </message>
        <message>
            <source>Some WERTvoll algorithms are disabled until these Python packages are installed: {packages}</source>
            <translation>Einige WERTvoll-Algorithmen sind abgeschaltet, bis diese Python-Pakete installiert sind: {packages}</translation>
        </message>
        <message>
            <source>Step 1/3: reading layers</source>
            <translation>Schritt 1/3: Layer werden gelesen</translation>
        </message>
        <message>
            <source>Step 2/3: screening {count} candidates</source>
            <translation>Schritt 2/3: {count} Kandidaten werden geprüft</translation>
        </message>
        <message>
            <source>Step 3/3: writing {count} candidates</source>
            <translation>Schritt 3/3: {count} Kandidaten werden geschrieben</translation>
        </message>
        <message>
            <source>Summary per municipality</source>
            <translation>Übersicht je Gemeinde</translation>
        </message>
        <message>
            <source>Table with one row per municipality and a row 'total'.</source>
            <translation>Tabelle mit einer Zeile je Gemeinde und einer Zeile 'total' (Summe).</translation>
        </message>
        <message>
            <source>The candidate layer has no features (check its filter or selection).</source>
            <translation>Der Kandidaten-Layer hat keine Objekte (prüfen Sie Filter oder Auswahl).</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the candidate layer. Choose one of its fields.</source>
            <translation>Das Feld '{field}' gibt es im Kandidaten-Layer nicht. Wählen Sie eines seiner Felder.</translation>
        </message>
        <message>
            <source>The raster '{name}' cannot be read. Use a GeoTIFF or another file GDAL can open.</source>
            <translation>Das Raster '{name}' kann nicht gelesen werden. Verwenden Sie ein GeoTIFF oder eine andere Datei, die GDAL öffnen kann.</translation>
        </message>
        <message>
            <source>The raster '{name}' is rotated or not north-up. Warp it first (Raster &gt; Projections &gt; Warp).</source>
            <translation>Das Raster '{name}' ist gedreht oder nicht nordausgerichtet. Transformieren Sie es zuerst (Raster &gt; Projektionen &gt; Transformieren).</translation>
        </message>
        <message>
            <source>This algorithm needs the Python package(s) {packages}. Install them into the Python of QGIS (Linux: python3 -m pip install --user {packages}; Windows: OSGeo4W Shell, then pip install {packages}) and restart QGIS.</source>
            <translation>Dieser Algorithmus benötigt das/die Python-Paket(e) {packages}. Installieren Sie sie in das Python von QGIS (Linux: python3 -m pip install --user {packages}; Windows: OSGeo4W-Shell, dann pip install {packages}) und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <source>Total uplift (eco-points)</source>
            <translation>Gesamte Aufwertung (Wertpunkte)</translation>
        </message>
        <message>
            <source>Value table (CSV)</source>
            <translation>Wertetabelle (CSV)</translation>
        </message>
        <message>
            <source>Value table {path} cannot be read ({reason}). Check the path and that the file exists.</source>
            <translation>Die Wertetabelle {path} kann nicht gelesen werden ({reason}). Pfad prüfen und ob die Datei existiert.</translation>
        </message>
        <message>
            <source>Value table {path} has no rows below the header (line {line}). Add one line per land-use code.</source>
            <translation>Die Wertetabelle {path} hat unter der Kopfzeile (Zeile {line}) keine Zeilen. Je Nutzungscode eine Zeile ergänzen.</translation>
        </message>
        <message>
            <source>Value table {path} is empty. The first line must name the columns {expected}, followed by one line per land-use code.</source>
            <translation>Die Wertetabelle {path} ist leer. Die erste Zeile muss die Spalten {expected} nennen, danach folgt eine Zeile je Nutzungscode.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: a PIK measure is given but measure is empty; rows without a measure are not candidates. Enter a measure or clear the PIK columns.</source>
            <translation>Wertetabelle {path}, Zeile {line}: eine PIK-Maßnahme ist angegeben, measure aber leer; Zeilen ohne Maßnahme sind keine Kandidaten. Eine Maßnahme eintragen oder die PIK-Spalten löschen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: landuse_kind '{value}' is not one of {allowed}. Use one of these words or leave the cell empty (= other).</source>
            <translation>Wertetabelle {path}, Zeile {line}: landuse_kind '{value}' ist keiner der Werte {allowed}. Eines dieser Wörter verwenden oder die Zelle leer lassen (= other).</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: pik_measure and pik_value_target must be filled both or neither. Complete or clear them.</source>
            <translation>Wertetabelle {path}, Zeile {line}: pik_measure und pik_value_target müssen beide gefüllt oder beide leer sein. Ergänzen oder beide löschen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: the code is empty. Enter the land-use code or remove the line.</source>
            <translation>Wertetabelle {path}, Zeile {line}: der Code ist leer. Nutzungscode eintragen oder die Zeile löschen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: the column '{column}' appears twice in the header. Rename or remove one of them.</source>
            <translation>Wertetabelle {path}, Zeile {line}: die Spalte '{column}' steht zweimal in der Kopfzeile. Eine davon umbenennen oder löschen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: the file is not UTF-8 text. Save it as 'CSV UTF-8' (Excel, LibreOffice: 'Save as', character set UTF-8) and run again.</source>
            <translation>Wertetabelle {path}, Zeile {line}: die Datei ist kein UTF-8-Text. Als 'CSV UTF-8' speichern (Excel, LibreOffice: 'Speichern unter', Zeichensatz UTF-8) und erneut ausführen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: the header lacks the column(s) {missing}. The first line must name the columns {expected} (in any order, separated by ';' or ',').</source>
            <translation>Wertetabelle {path}, Zeile {line}: in der Kopfzeile fehlen die Spalte(n) {missing}. Die erste Zeile muss die Spalten {expected} nennen (beliebige Reihenfolge, getrennt durch ';' oder ',').</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: the measure '{measure}' has no value_target. Enter the value (0 to 24 points per m²) the measure reaches, or clear the measure if the land is not a candidate.</source>
            <translation>Wertetabelle {path}, Zeile {line}: die Maßnahme '{measure}' hat keinen value_target. Den Wert eintragen, den die Maßnahme erreicht (0 bis 24 Punkte je m²), oder die Maßnahme löschen, wenn die Fläche kein Kandidat ist.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: value_target is filled but measure is empty. Name the measure, or clear value_target if the land is not a candidate.</source>
            <translation>Wertetabelle {path}, Zeile {line}: value_target ist gefüllt, measure aber leer. Die Maßnahme benennen oder value_target löschen, wenn die Fläche kein Kandidat ist.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: {column} '{value}' is not a number between 0 and 24. Correct the value or remove the line.</source>
            <translation>Wertetabelle {path}, Zeile {line}: {column} '{value}' ist keine Zahl zwischen 0 und 24. Wert korrigieren oder die Zeile löschen.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: {column} '{value}' is not one of 0, 1, yes, no, true, false. Enter 1 if the measure plants trees, shrubs or hedges, otherwise 0.</source>
            <translation>Wertetabelle {path}, Zeile {line}: {column} '{value}' ist keiner der Werte 0, 1, yes, no, true, false. 1 eintragen, wenn die Maßnahme Bäume, Sträucher oder Hecken pflanzt, sonst 0.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: {column} {target} is lower than value_now {now}; a compensation measure must raise the value. Correct the values.</source>
            <translation>Wertetabelle {path}, Zeile {line}: {column} {target} ist kleiner als value_now {now}; eine Kompensationsmaßnahme muss den Wert erhöhen. Werte korrigieren.</translation>
        </message>
        <message>
            <source>Value table {path}, line {line}: {count} fields but the header has {expected}. Check the separator '{delimiter}' and put text containing it in double quotes.</source>
            <translation>Wertetabelle {path}, Zeile {line}: {count} Felder, die Kopfzeile hat aber {expected}. Trennzeichen '{delimiter}' prüfen und Text, der es enthält, in doppelte Anführungszeichen setzen.</translation>
        </message>
        <message>
            <source>Value table {path}: code '{code}' appears on line {first} and on line {line}. Keep one of the two lines.</source>
            <translation>Wertetabelle {path}: der Code '{code}' steht in Zeile {first} und in Zeile {line}. Nur eine der beiden Zeilen behalten.</translation>
        </message>
        <message>
            <source>WERTvoll city–countryside</source>
            <translation>WERTvoll Stadt-Land</translation>
        </message>
        <message>
            <source>WERTvoll city–countryside partnership, version {version}</source>
            <translation>WERTvoll Stadt-Land-Partnerschaft, Version {version}</translation>
        </message>
        <message>
            <source>WERTvoll report panel</source>
            <translation>WERTvoll-Berichtsfenster</translation>
        </message>
        <message>
            <source>WERTvoll reports</source>
            <translation>WERTvoll-Berichte</translation>
        </message>
        <message>
            <source>Water &amp; floods</source>
            <translation>Gewässer &amp; Hochwasser</translation>
        </message>
        <message>
            <source>Weight in the score; the uplift enters as (value_target − value_now)/24, each co-benefit as its area share 0–1. 0 switches a criterion off.</source>
            <translation>Gewicht in der Bewertung; die Aufwertung geht als (value_target − value_now)/24 ein, jeder Zusatznutzen als Flächenanteil 0–1. 0 schaltet ein Kriterium ab.</translation>
        </message>
        <message>
            <source>Weight of drinking-water protection</source>
            <translation>Gewicht Trinkwasserschutz</translation>
        </message>
        <message>
            <source>Weight of flood retention</source>
            <translation>Gewicht Hochwasserrückhalt</translation>
        </message>
        <message>
            <source>Weight of riparian strips</source>
            <translation>Gewicht Gewässerrandstreifen</translation>
        </message>
        <message>
            <source>Weight of the biotope network</source>
            <translation>Gewicht Biotopverbund</translation>
        </message>
        <message>
            <source>Weight of the eco-point uplift</source>
            <translation>Gewicht der Wertpunkt-Aufwertung</translation>
        </message>
        <message>
            <source>Zone field of the protection zones</source>
            <translation>Zonenfeld der Schutzgebiete</translation>
        </message>
        <message>
            <source>arable land inside a riparian strip (SächsWG §24): no conversion of grassland to arable, 5 m without fertiliser</source>
            <translation>Acker im Gewässerrandstreifen (SächsWG §24): kein Grünlandumbruch, 5 m ohne Dünger</translation>
        </message>
        <message>
            <source>inside drinking-water protection zone I: measures only in agreement with the water utility (DVGW W 101)</source>
            <translation>in Trinkwasserschutzzone I: Maßnahmen nur im Einvernehmen mit dem Wasserversorger (DVGW W 101)</translation>
        </message>
        <message>
            <source>prime soil: production-integrated compensation proposed instead of taking the land out of farming (BNatSchG §15(3))</source>
            <translation>hochwertiger Boden: produktionsintegrierte Kompensation statt Nutzungsaufgabe vorgeschlagen (BNatSchG §15(3))</translation>
        </message>
        <message>
            <source>woody measure inside a flood zone: plantings that hinder flood flow are banned (WHG §78a) - choose grassland instead</source>
            <translation>Gehölzmaßnahme im Überschwemmungsgebiet: abflusshemmende Pflanzungen sind verboten (WHG §78a) - stattdessen Grünland wählen</translation>
        </message>
        <message>
            <source>{count} features have no land-use code and were skipped. Fill the land-use field or choose another LANDUSE_FIELD.</source>
            <translation>{count} Objekte haben keinen Nutzungscode und wurden übersprungen. Nutzungsfeld füllen oder ein anderes LANDUSE_FIELD wählen.</translation>
        </message>
        <message>
            <source>{count} invalid candidate geometries were repaired (make_valid). Check them with the 'Check validity' tool if a result looks wrong.</source>
            <translation>{count} ungültige Kandidatengeometrien wurden repariert (make_valid). Bei auffälligen Ergebnissen mit dem Werkzeug 'Gültigkeit prüfen' kontrollieren.</translation>
        </message>
        <message>
            <source>{layer}: {count} invalid geometries were repaired (make_valid).</source>
            <translation>{layer}: {count} ungültige Geometrien wurden repariert (make_valid).</translation>
        </message>
        <message>
            <source>{name} is '{value}', not a number. Enter a number.</source>
            <translation>{name} ist '{value}', keine Zahl. Bitte eine Zahl eingeben.</translation>
        </message>
        <message>
            <source>{name} is '{value}'; it must be a number of at least {minimum}. Correct it.</source>
            <translation>{name} ist '{value}'; der Wert muss eine Zahl von mindestens {minimum} sein. Bitte korrigieren.</translation>
        </message>
    </context>
</TS>
