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
            <source>'{layer}' has no geometry column</source>
            <translation>'{layer}' hat keine Geometriespalte</translation>
        </message>
        <message>
            <source>'{layer}' is in another database than the candidates</source>
            <translation>'{layer}' liegt in einer anderen Datenbank als die Kandidaten</translation>
        </message>
        <message>
            <source>'{layer}' is in {layer_crs}, the screening runs in {crs}</source>
            <translation>'{layer}' ist in {layer_crs}, die Suche rechnet in {crs}</translation>
        </message>
        <message>
            <source>'{layer}' is not a PostGIS layer</source>
            <translation>'{layer}' ist kein PostGIS-Layer</translation>
        </message>
        <message>
            <source>'{layer}' is used with selected features only, a feature limit or a filter</source>
            <translation>'{layer}' wird nur mit gewählten Objekten, einer Objektgrenze oder einem Filter verwendet</translation>
        </message>
        <message>
            <source>(3.67 t CO2/ha·a) stored; both marks are assumptions (Annahme) of the plugin.</source>
            <translation>(3,67 t CO2/ha·a) gebunden; beide Marken sind Annahmen des Plugins.</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(keiner)</translation>
        </message>
        <message>
            <source>(own)</source>
            <translation>(eigene)</translation>
        </message>
        <message>
            <source>0: half of MAX_COST (or of the preset's cost), an assumption. Without MAX_COST, preset and DISPERSAL_COST, PC, ECA and dPC are left empty (links and gaps are still computed).</source>
            <translation>0: die Hälfte von MAX_COST (oder der Kosten der Vorgabe), eine Annahme. Ohne MAX_COST, Vorgabe und DISPERSAL_COST bleiben PC, ECA und dPC leer (Verbindungen und Lücken werden trotzdem berechnet).</translation>
        </message>
        <message>
            <source>0: the DEM window within MAX_DISTANCE of the rivers is processed in one piece when it fits in memory, else in tiles as large as the free memory allows (e.g. a DGM2 of a whole planning region). A number: tiles of that many cells per side. Tiles give the same zones and heights.</source>
            <translation>0: der DGM-Ausschnitt bis MAX_DISTANCE um die Gewässer wird in einem Stück gerechnet, wenn er in den Speicher passt, sonst in Kacheln so groß, wie der freie Speicher erlaubt (z. B. ein DGM2 einer ganzen Planungsregion). Eine Zahl: Kacheln mit so vielen Zellen Seitenlänge. Kacheln ergeben dieselben Zonen und Höhen.</translation>
        </message>
        <message>
            <source>200 m planning distance (assumption, not a species' dispersal)</source>
            <translation>200-m-Planungsdistanz (Annahme, keine Ausbreitungsdistanz einer Art)</translation>
        </message>
        <message>
            <source>500 m search distance (assumption, not a species' dispersal)</source>
            <translation>500-m-Suchdistanz (Annahme, keine Ausbreitungsdistanz einer Art)</translation>
        </message>
        <message>
            <source>A Processing provider with the id 'wertvoll' is already registered; remove the other copy of the WERTvoll plugin.</source>
            <translation>Ein Processing-Provider mit der Kennung 'wertvoll' ist bereits registriert; entfernen Sie die andere Kopie des WERTvoll-Plugins.</translation>
        </message>
        <message>
            <source>A cell belongs to the corridor of a link when the cheapest path through it costs at most this many percent more than the link's least cost. Default 10 % (an assumption). 0 keeps only the cells of equally cheap paths.</source>
            <translation>Eine Zelle gehört zum Korridor einer Verbindung, wenn der günstigste Weg durch sie höchstens so viel Prozent mehr kostet als die geringsten Kosten der Verbindung. Vorgabe 10 % (eine Annahme). 0 behält nur die Zellen gleich günstiger Wege.</translation>
        </message>
        <message>
            <source>A class with fewer than 50 official cells takes the height fitted on all classes (an assumption of the plugin, as the 5 cm and 20 m). The zones of THRESHOLDS are drawn as well. Off, or without official zones: only the zones of THRESHOLDS.</source>
            <translation>Eine Klasse mit weniger als 50 festgesetzten Zellen erhält die Höhe, die auf allen Klassen angepasst ist (eine Annahme des Plugins, wie die 5 cm und 20 m). Die Zonen aus THRESHOLDS entstehen weiterhin. Aus, oder ohne festgesetzte Gebiete: nur die Zonen aus THRESHOLDS.</translation>
        </message>
        <message>
            <source>A folder holding template.json, template.html.j2 and template.docx. Wins over the built-in template. Files outside this folder cannot be included.</source>
            <translation>Ein Ordner mit template.json, template.html.j2 und template.docx. Hat Vorrang vor der eingebauten Vorlage. Dateien außerhalb dieses Ordners können nicht eingebunden werden.</translation>
        </message>
        <message>
            <source>A patch's importance is its share dPC of the probability of connectivity PC (Saura &amp; Pascual-Hortal 2007); the gaps feed the compensation screening (CORRIDORS).</source>
            <translation>Die Bedeutung einer Kernfläche ist ihr Anteil dPC an der Verbindungswahrscheinlichkeit PC (Saura &amp; Pascual-Hortal 2007); die Lücken gehen in die Kompensationssuche (CORRIDORS).</translation>
        </message>
        <message>
            <source>A worker process of the corridor analysis failed. Run again with the environment variable WERTVOLL_WORKERS=1 (one process) and report the message: {message}</source>
            <translation>Ein Arbeitsprozess der Korridoranalyse ist fehlgeschlagen. Starten Sie erneut mit der Umgebungsvariablen WERTVOLL_WORKERS=1 (ein Prozess) und melden Sie die Meldung: {message}</translation>
        </message>
        <message>
            <source>ATKIS Basis-DLM attribute 'fliessrichtung' (FLR) of AX_Gewaesserachse: true = the water flows in digitising direction, false = against it (the line is reversed). Also 1/0, yes/no, ja/nein. Empty values keep the digitising direction.</source>
            <translation>ATKIS-Basis-DLM-Attribut „fliessrichtung“ (FLR) von AX_Gewaesserachse: true = das Wasser fließt in Digitalisierrichtung, false = dagegen (die Linie wird umgedreht). Auch 1/0, yes/no, ja/nein. Leere Werte behalten die Digitalisierrichtung.</translation>
        </message>
        <message>
            <source>All {count} candidates together give {total:.0f} eco-points, {shortfall:.0f} short of the demand of {demand:.0f}: all were selected. Add candidate land (fewer exclusions, smaller MIN_AREA, more codes with a measure) or cover the rest elsewhere.</source>
            <translation>Alle {count} Kandidaten zusammen ergeben {total:.0f} Wertpunkte, {shortfall:.0f} weniger als der Bedarf von {demand:.0f}: alle wurden ausgewählt. Mehr Kandidatenflächen zulassen (weniger Ausschlüsse, kleinere MIN_AREA, mehr Codes mit Maßnahme) oder den Rest anderweitig ausgleichen.</translation>
        </message>
        <message>
            <source>All {count} usable river features are exempt (EXEMPT_EXPRESSION; SächsWG §1(2), WHG §2(2)): no water is left to draw strips for. Check the expression.</source>
            <translation>Alle {count} verwendbaren Gewässerobjekte sind ausgenommen (EXEMPT_EXPRESSION; SächsWG §1 Abs. 2, WHG §2 Abs. 2): Es bleibt kein Gewässer für Randstreifen. Prüfen Sie den Ausdruck.</translation>
        </message>
        <message>
            <source>All {pairs} possible links cost more than MAX_COST = {max_cost} (the cheapest costs at least {cheapest}): the {count} patches are isolated for this species (each its own component); PC and ECA count only the patches themselves.</source>
            <translation>Alle {pairs} möglichen Verbindungen kosten mehr als MAX_COST = {max_cost} (die günstigste kostet mindestens {cheapest}): Die {count} Kernflächen sind für diese Art isoliert (jede ihre eigene Komponente); PC und ECA zählen nur die Flächen selbst.</translation>
        </message>
        <message>
            <source>Also draw the development corridor the river needs to move again (LAWA 2016/2019, 'Gewässerentwicklungskorridor').</source>
            <translation>Auch den Entwicklungskorridor zeichnen, den das Gewässer braucht, um sich wieder zu bewegen (LAWA 2016/2019, 'Gewässerentwicklungskorridor').</translation>
        </message>
        <message>
            <source>Amphibians, reptiles, small mammals</source>
            <translation>Amphibien, Reptilien, Kleinsäuger</translation>
        </message>
        <message>
            <source>Amphibians, reptiles, small mammals (upper range)</source>
            <translation>Amphibien, Reptilien, Kleinsäuger (obere Spanne)</translation>
        </message>
        <message>
            <source>Area share inside the protection zones</source>
            <translation>Flächenanteil in den Schutzzonen</translation>
        </message>
        <message>
            <source>Areas and distances are measured in {chosen}, not in the CRS of '{layer}': {reason}. Results are written in the layer's CRS.</source>
            <translation>Flächen und Abstände werden in {chosen} gemessen, nicht im KBS von '{layer}': {reason}. Die Ergebnisse werden im KBS des Layers geschrieben.</translation>
        </message>
        <message>
            <source>Areas and distances are measured in {crs}, the CRS of '{layer}' (1 unit = {scale} m on the ground there).</source>
            <translation>Flächen und Abstände werden in {crs} gemessen, dem KBS von '{layer}' (1 Einheit = {scale} m im Gelände dort).</translation>
        </message>
        <message>
            <source>Areas and distances are measured in {crs}, the CRS of '{layer}', as they are: its data lie outside the area where the CRS is meant to be used.</source>
            <translation>Flächen und Abstände werden in {crs} gemessen, dem KBS von '{layer}', so wie sie sind: Seine Daten liegen außerhalb des Gebiets, für das das KBS gedacht ist.</translation>
        </message>
        <message>
            <source>Assigning the municipalities …</source>
            <translation>Gemeinden zuordnen …</translation>
        </message>
        <message>
            <source>Assumption: the 200 m and 500 m presets are the core-merging and search distances of German biotope-network plans, not dispersal distances of a species; use them only for comparison.</source>
            <translation>Annahme: Die Vorgaben 200 m und 500 m sind Distanzen zum Zusammenfassen von Kernflächen und Suchräume deutscher Biotopverbundplanungen, keine Ausbreitungsdistanzen einer Art; nutzen Sie sie nur zum Vergleich.</translation>
        </message>
        <message>
            <source>At least this share of the selected area stays in farming as production-integrated compensation (BNatSchG §15(3)).</source>
            <translation>Mindestens dieser Anteil der gewählten Fläche bleibt als produktionsintegrierte Kompensation in landwirtschaftlicher Nutzung (BNatSchG §15 Abs. 3).</translation>
        </message>
        <message>
            <source>At least {limit:,.0f} kg N/a of nitrate leaching avoided are required, but all candidates that are not locked out avoid at most {high:,.0f} kg N/a. Lower the minimum.</source>
            <translation>Mindestens {limit:,.0f} kg N/a vermiedene Nitratauswaschung sind verlangt, aber alle nicht ausgeschlossenen Kandidaten vermeiden höchstens {high:,.0f} kg N/a. Senken Sie das Minimum.</translation>
        </message>
        <message>
            <source>At least {limit:,.1f} t CO2/a of soil carbon stored are required, but all candidates that are not locked out store at most {high:,.1f} t CO2/a. Lower the minimum.</source>
            <translation>Mindestens {limit:,.1f} t CO2/a gebundener Bodenkohlenstoff sind verlangt, aber alle nicht ausgeschlossenen Kandidaten binden höchstens {high:,.1f} t CO2/a. Senken Sie das Minimum.</translation>
        </message>
        <message>
            <source>Author of the report</source>
            <translation>Bearbeitung des Berichts</translation>
        </message>
        <message>
            <source>BKompV 2020, Anlage 2 (Bundeskompensationsverordnung, federal list of biotope values)</source>
            <translation>BKompV 2020, Anlage 2 (Bundeskompensationsverordnung, Biotopwertliste des Bundes)</translation>
        </message>
        <message>
            <source>Band 1, in a projected CRS in metres (a raster in degrees is refused: resampling would blur barriers; warp it first with nearest neighbour).</source>
            <translation>Kanal 1, in einem projizierten KBS in Metern (ein Raster in Grad wird abgelehnt: Umrechnen würde Barrieren verwischen; transformieren Sie es vorher mit „Nächster Nachbar“).</translation>
        </message>
        <message>
            <source>Band around network gap lines (m)</source>
            <translation>Band um Lücken-Linien des Verbunds (m)</translation>
        </message>
        <message>
            <source>Bank height above the water line (m)</source>
            <translation>Böschungshöhe über der Wasserlinie (m)</translation>
        </message>
        <message>
            <source>Bank rule for features without a bank area or bank width: bank width = bank height × bank slope. Default 1 m: an assumption of this plugin (Annahme), not from a source; measure or ask the water authority. 0: the strip starts at the water line (bank_source 'none').</source>
            <translation>Böschungsregel für Objekte ohne Böschungsfläche oder Böschungsbreite: Böschungsbreite = Böschungshöhe × Böschungsneigung. Vorgabe 1 m: eine Annahme dieses Plugins, nicht aus einer Quelle; messen oder bei der Wasserbehörde erfragen. 0: Der Streifen beginnt an der Wasserlinie (bank_source „none“).</translation>
        </message>
        <message>
            <source>Bank slope 1:n (n)</source>
            <translation>Böschungsneigung 1:n (n)</translation>
        </message>
        <message>
            <source>Bank width field (m per side)</source>
            <translation>Feld Böschungsbreite (m je Seite)</translation>
        </message>
        <message>
            <source>Biotope corridors (least-cost network)</source>
            <translation>Biotopverbund-Korridore (Netz geringster Kosten)</translation>
        </message>
        <message>
            <source>Biotope links</source>
            <translation>Biotopverbindungen</translation>
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
            <source>Biotope network: links</source>
            <translation>Biotopverbund: Verbindungen</translation>
        </message>
        <message>
            <source>Biotope network: patches</source>
            <translation>Biotopverbund: Kernflächen</translation>
        </message>
        <message>
            <source>Bonus per metre of shared boundary</source>
            <translation>Bonus je Meter gemeinsamer Grenze</translation>
        </message>
        <message>
            <source>Built-in template: kompensation, gewaesser, biotopverbund or stadt-land-bilanz. Ignored when a template folder is given.</source>
            <translation>Eingebaute Vorlage: kompensation, gewaesser, biotopverbund oder stadt-land-bilanz. Wird ignoriert, wenn ein Vorlagenordner angegeben ist.</translation>
        </message>
        <message>
            <source>Built-in templates: kompensation, gewaesser, biotopverbund and stadt-land-bilanz; your own template is a folder with template.json, template.html.j2 and template.docx.</source>
            <translation>Eingebaute Vorlagen: kompensation, gewaesser, biotopverbund und stadt-land-bilanz; eine eigene Vorlage ist ein Ordner mit template.json, template.html.j2 und template.docx.</translation>
        </message>
        <message>
            <source>Built-up areas</source>
            <translation>Ortslagen</translation>
        </message>
        <message>
            <source>Built-up areas ('im Zusammenhang bebaute Ortsteile', BauGB §34), e.g. ATKIS settlement areas. Inside them the narrower width applies (SächsWG §24(2): 5 m instead of 10 m). Empty: everything counts as outside.</source>
            <translation>Ortslagen ('im Zusammenhang bebaute Ortsteile', BauGB §34), z. B. ATKIS-Siedlungsflächen. Innerhalb gilt die geringere Breite (SächsWG §24 Abs. 2: 5 m statt 10 m). Leer: alles gilt als außerhalb.</translation>
        </message>
        <message>
            <source>Built-up areas: 5 m strips inside instead of 10 m (SächsWG §24(2)).</source>
            <translation>Im Zusammenhang bebaute Ortsteile: dort 5-m- statt 10-m-Streifen (SächsWG §24 Abs. 2).</translation>
        </message>
        <message>
            <source>Burning the rivers into the DEM and following the water level downstream …</source>
            <translation>Gewässer in das DGM einbrennen und dem Wasserspiegel flussabwärts folgen …</translation>
        </message>
        <message>
            <source>By rank (walk down the ranks)</source>
            <translation>Nach Rang (die Rangliste hinab)</translation>
        </message>
        <message>
            <source>By rank, or optimal: the least farmland taken out of farming that covers the demand (mixed-integer program); the report compares both.</source>
            <translation>Nach Rang oder optimal: die kleinste aus der Nutzung genommene Landwirtschaftsfläche, die den Bedarf deckt (gemischt-ganzzahliges Programm); der Bericht vergleicht beide.</translation>
        </message>
        <message>
            <source>By rank: walk down the ranks until DEMAND is covered. Optimal: cover DEMAND with the least OBJECTIVE under the constraints below (mixed-integer program, SciPy milp/HiGHS).</source>
            <translation>Nach Rang: die Rangliste hinab, bis DEMAND gedeckt ist. Optimal: DEMAND mit dem kleinsten OBJECTIVE unter den Vorgaben unten decken (gemischt-ganzzahliges Programm, SciPy milp/HiGHS).</translation>
        </message>
        <message>
            <source>CELL_SIZE must be greater than 0 m, e.g. 25.</source>
            <translation>CELL_SIZE muss größer als 0 m sein, z. B. 25.</translation>
        </message>
        <message>
            <source>CORRIDOR_TOLERANCE is {value} %; at most {max} % makes sense (the corridor would cover the whole area). Enter e.g. 10.</source>
            <translation>CORRIDOR_TOLERANCE ist {value} %; sinnvoll sind höchstens {max} % (sonst umfasst der Korridor das ganze Gebiet). Geben Sie z. B. 10 ein.</translation>
        </message>
        <message>
            <source>CSV (UTF-8, ; or , separated) with the columns code;label;resistance (source and status optional). Empty: the shipped table resources/biotope_resistance.csv (ALKIS land-use codes; expert assumptions marked per row). Given: RESISTANCE_FIELD is always read as a code.</source>
            <translation>CSV (UTF-8, mit ; oder , getrennt) mit den Spalten code;label;resistance (source und status optional). Leer: die mitgelieferte Tabelle resources/biotope_resistance.csv (ALKIS-Nutzungscodes; Expertenannahmen je Zeile gekennzeichnet). Angegeben: RESISTANCE_FIELD wird immer als Code gelesen.</translation>
        </message>
        <message>
            <source>CSV (UTF-8, ; or , separated) with the columns type;label;factor (source;status optional) and a row 'default'. Empty: resources/riparian_river_types.csv (LAWA 2019 method, sources and assumptions in the file).</source>
            <translation>CSV (UTF-8, mit ; oder , getrennt) mit den Spalten type;label;factor (source;status optional) und einer Zeile 'default'. Leer: resources/riparian_river_types.csv (LAWA-2019-Verfahren, Quellen und Annahmen in der Datei).</translation>
        </message>
        <message>
            <source>CSV (UTF-8, ; or , separated) with the header code,label,value_now,measure,value_target,pik_measure,pik_value_target in points per m² (0–24). When given, it is used instead of the valuation method and named as 'own value table' in the outputs.</source>
            <translation>CSV (UTF-8, mit ; oder , getrennt) mit der Kopfzeile code,label,value_now,measure,value_target,pik_measure,pik_value_target in Wertpunkten je m² (0–24). Angegeben, ersetzt sie die Bewertungsmethode und wird in den Ausgaben als „eigene Wertetabelle“ genannt.</translation>
        </message>
        <message>
            <source>CSV replacing the shipped land-state table (resources/water_climate/land_states.csv): per land state the nitrogen surplus (kg N/ha·a) and the IPCC stock change factors F_LU, F_MG, F_I, each with its source. An empty cell means no sourced value: no estimate.</source>
            <translation>CSV anstelle der mitgelieferten Tabelle der Land-Zustände (resources/water_climate/land_states.csv): je Land-Zustand der Stickstoffüberschuss (kg N/ha·a) und die IPCC-Vorratsänderungsfaktoren F_LU, F_MG, F_I, jeweils mit Quelle. Eine leere Zelle heißt: kein belegter Wert, keine Schätzung.</translation>
        </message>
        <message>
            <source>CSV replacing the shipped soil-class table (resources/water_climate/soil_classes.csv): per class the KA5 soil textures, a soil index range, the usable field capacity of the root zone nFKWe (mm) and the reference carbon stock SOC_REF (t C/ha, 0-30 cm).</source>
            <translation>CSV anstelle der mitgelieferten Bodenklassen-Tabelle (resources/water_climate/soil_classes.csv): je Klasse die KA5-Bodenarten, eine Bodenzahl-Spanne, die nutzbare Feldkapazität des effektiven Wurzelraums nFKWe (mm) und der Referenz-Kohlenstoffvorrat SOC_REF (t C/ha, 0-30 cm).</translation>
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
            <source>Cannot write into {folder} ({problem}). Choose a folder you may write to.</source>
            <translation>In {folder} kann nicht geschrieben werden ({problem}). Wählen Sie einen Ordner mit Schreibrecht.</translation>
        </message>
        <message>
            <source>Cannot write the raster {path}. Check that the folder exists and is writable.</source>
            <translation>Das Raster {path} kann nicht geschrieben werden. Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
        </message>
        <message>
            <source>Cell size (m)</source>
            <translation>Zellgröße (m)</translation>
        </message>
        <message>
            <source>Cell size in metres for rasterizing LANDUSE (default 25 m). Smaller cells show narrow hedges and roads but need more memory and time: 4 × as much per halving. Ignored with a RESISTANCE raster (its own cells count).</source>
            <translation>Zellgröße in Metern zum Rastern von LANDUSE (Vorgabe 25 m). Kleinere Zellen bilden schmale Hecken und Straßen ab, brauchen aber mehr Speicher und Zeit: je Halbierung das Vierfache. Bei einem RESISTANCE-Raster ohne Wirkung (es zählen dessen Zellen).</translation>
        </message>
        <message>
            <source>Cells farther than this from every river cell are in no zone and have no relative height. Default 1000 m: an assumption of the plugin (no legal or guideline value); widen it for broad valleys of large rivers.</source>
            <translation>Zellen, die weiter als dieser Abstand von jeder Gewässerzelle entfernt sind, liegen in keiner Zone und haben keine relative Höhe. Vorgabe 1000 m: eine Annahme des Plugins (kein Wert aus Gesetz oder Leitfaden); vergrößern Sie ihn für breite Täler großer Flüsse.</translation>
        </message>
        <message>
            <source>Channel width field (m)</source>
            <translation>Feld mit der Gewässerbreite (m)</translation>
        </message>
        <message>
            <source>Channel width for lines without a width value. Default 0: no law or guideline gives a width for small Saxon rivers, so none is assumed; the strip then starts at the line, on each side half a channel width closer to the water than the law means. Give the channel width field or the width you measured.</source>
            <translation>Gerinnebreite für Linien ohne Breitenwert. Standard 0: kein Gesetz und keine Richtlinie nennt eine Breite für kleine sächsische Gewässer, daher wird keine angenommen; der Streifen beginnt dann an der Linie, auf jeder Seite um die halbe Gerinnebreite näher am Wasser, als das Gesetz meint. Geben Sie das Feld mit der Gerinnebreite oder die gemessene Breite an.</translation>
        </message>
        <message>
            <source>Channel width in metres: the strip starts at the bank. Empty: at the line.</source>
            <translation>Gerinnebreite in Metern: der Streifen beginnt an der Böschung. Leer: an der Linie.</translation>
        </message>
        <message>
            <source>Checking the slope towards the water (WHG §38a) …</source>
            <translation>Hangneigung zum Gewässer prüfen (WHG §38a) …</translation>
        </message>
        <message>
            <source>Checking {count} river features and their channel widths …</source>
            <translation>{count} Gewässerobjekte und ihre Gerinnebreiten prüfen …</translation>
        </message>
        <message>
            <source>Choose an HTML or a Word file to write the report to.</source>
            <translation>Wählen Sie eine HTML- oder Word-Datei, in die der Bericht geschrieben wird.</translation>
        </message>
        <message>
            <source>Choose the land-use code field, or leave the land-use layer empty.</source>
            <translation>Wählen Sie das Feld mit dem Nutzungscode oder lassen Sie den Nutzungslayer leer.</translation>
        </message>
        <message>
            <source>Choose the municipality name field, or leave the municipality layer empty.</source>
            <translation>Wählen Sie das Feld mit dem Gemeindenamen oder lassen Sie den Gemeinde-Layer leer.</translation>
        </message>
        <message>
            <source>City–countryside balance</source>
            <translation>Stadt-Land-Bilanz</translation>
        </message>
        <message>
            <source>Class field of the exposure layer</source>
            <translation>Klassenfeld des Betroffenheits-Layers</translation>
        </message>
        <message>
            <source>Comma-separated land-use codes, or their beginnings, that count as farmland for the WHG §38a slope band (which binds farmland only). Default 43001 = ALKIS agriculture (arable, grassland, orchard, fallow).</source>
            <translation>Kommagetrennte Nutzungscodes oder ihre Anfänge, die für den Hangstreifen nach WHG §38a (der nur für landwirtschaftlich genutzte Flächen gilt) als Landwirtschaft zählen. Vorgabe 43001 = ALKIS Landwirtschaft (Acker, Grünland, Streuobst, Brache).</translation>
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
            <source>Compute the overlays in PostGIS</source>
            <translation>Überlagerungen in PostGIS berechnen</translation>
        </message>
        <message>
            <source>Computing compensation points and ranking, covering the demand …</source>
            <translation>Ökopunkte und Rangfolge berechnen, Bedarf decken …</translation>
        </message>
        <message>
            <source>Computing each cell's height above the nearest river …</source>
            <translation>Höhe jeder Zelle über dem nächsten Gewässer berechnen …</translation>
        </message>
        <message>
            <source>Computing each cell's height above the nearest river, tile by tile …</source>
            <translation>Die Höhe jeder Zelle über dem nächsten Gewässer wird Kachel für Kachel berechnet …</translation>
        </message>
        <message>
            <source>Computing what each candidate adds to the biotope network (ECA) …</source>
            <translation>Berechne, was jeder Kandidat zum Biotopverbund beiträgt (ECA) …</translation>
        </message>
        <message>
            <source>Core habitat patches of the biotope network (e.g. FFH sites, large forests).</source>
            <translation>Kernflächen des Biotopverbunds (z. B. FFH-Gebiete, große Wälder).</translation>
        </message>
        <message>
            <source>Corridor area (m²)</source>
            <translation>Fläche der Korridore (m²)</translation>
        </message>
        <message>
            <source>Corridor factor</source>
            <translation>Korridorfaktor</translation>
        </message>
        <message>
            <source>Corridor factor field</source>
            <translation>Feld mit dem Korridorfaktor</translation>
        </message>
        <message>
            <source>Corridor factors by source (field, parameter, river type or default): {sources}</source>
            <translation>Korridorfaktoren nach Herkunft (field = Feld, parameter = Parameter, Gewässertyp oder default = Standard): {sources}</translation>
        </message>
        <message>
            <source>Corridor polygons with the river id and name, corridor width and area.</source>
            <translation>Korridorpolygone mit Gewässer-ID und -name, Korridorbreite und Fläche.</translation>
        </message>
        <message>
            <source>Corridor raster</source>
            <translation>Korridorraster</translation>
        </message>
        <message>
            <source>Corridor tolerance (%)</source>
            <translation>Korridortoleranz (%)</translation>
        </message>
        <message>
            <source>Corridors</source>
            <translation>Korridore</translation>
        </message>
        <message>
            <source>Corridors (polygons) or gaps (lines) of the biotope network, e.g. OUTPUT_CORRIDORS or OUTPUT_GAPS of wertvoll:biotopecorridors (BNatSchG §21). Lines count with a band of CORRIDOR_BUFFER on each side: the land where a stepping stone closes the gap.</source>
            <translation>Korridore (Flächen) oder Lücken (Linien) des Biotopverbunds, z. B. OUTPUT_CORRIDORS oder OUTPUT_GAPS von wertvoll:biotopecorridors (BNatSchG §21). Linien zählen mit einem Band von CORRIDOR_BUFFER zu jeder Seite: das Land, auf dem ein Trittstein die Lücke schließt.</translation>
        </message>
        <message>
            <source>Cost allocation: which patch each cell is cheapest to reach from (one pass for all {count} patches)</source>
            <translation>Kostenzuordnung: von welcher Kernfläche aus jede Zelle am günstigsten erreichbar ist (ein Durchlauf für alle {count} Kernflächen)</translation>
        </message>
        <message>
            <source>Cost of crossing one metre of each cell (≥ 1 by convention, 1 = best habitat); nodata, 0 and negative values are impassable.</source>
            <translation>Kosten für einen Meter durch jede Zelle (üblicherweise ≥ 1, 1 = bester Lebensraum); NoData, 0 und negative Werte sind unpassierbar.</translation>
        </message>
        <message>
            <source>Counting what lies in each zone (exposure) …</source>
            <translation>Betroffene Objekte je Zone zählen (Exposition) …</translation>
        </message>
        <message>
            <source>Custom: band without fertiliser and pesticides (m)</source>
            <translation>custom: Band ohne Dünge- und Pflanzenschutzmittel (m)</translation>
        </message>
        <message>
            <source>Custom: strip width inside built-up areas (m)</source>
            <translation>custom: Streifenbreite innerhalb der Ortslagen (m)</translation>
        </message>
        <message>
            <source>Custom: strip width outside built-up areas (m)</source>
            <translation>custom: Streifenbreite außerhalb der Ortslagen (m)</translation>
        </message>
        <message>
            <source>DEM window within MAX_DISTANCE of the rivers: {rows} × {cols} of the DEM's {all_rows} × {all_cols} cells of {cell} m; about {mb} MB of memory needed in one piece.</source>
            <translation>DGM-Ausschnitt bis MAX_DISTANCE um die Gewässer: {rows} × {cols} der {all_rows} × {all_cols} Zellen des DGM zu {cell} m; etwa {mb} MB Speicher nötig in einem Stück.</translation>
        </message>
        <message>
            <source>Data attribution</source>
            <translation>Quellenvermerk</translation>
        </message>
        <message>
            <source>Data attribution under the maps</source>
            <translation>Quellenvermerk unter den Karten</translation>
        </message>
        <message>
            <source>Default 1,2,3: an assumption of the plugin (Annahme; no legal or guideline value, not a flood level). The national flood depth classes have the bounds 0.5, 1, 2 and 4 m (enter 0.5,1,2,4 to follow them).</source>
            <translation>Vorgabe 1,2,3: eine Annahme des Plugins (kein Wert aus Gesetz oder Leitfaden, kein Hochwasserstand). Die bundesweiten Überflutungstiefenklassen haben die Grenzen 0,5, 1, 2 und 4 m (geben Sie 0.5,1,2,4 ein, um ihnen zu folgen).</translation>
        </message>
        <message>
            <source>Default channel width (m)</source>
            <translation>Standard-Gewässerbreite (m)</translation>
        </message>
        <message>
            <source>Default percolation (mm/a)</source>
            <translation>Sickerwasserrate ohne Raster (mm/a)</translation>
        </message>
        <message>
            <source>Default resistance</source>
            <translation>Vorgabewiderstand</translation>
        </message>
        <message>
            <source>Demand met</source>
            <translation>Bedarf gedeckt</translation>
        </message>
        <message>
            <source>Designated flood zone (WHG §76; in Saxony also by law, SächsWG §72). WHG §78a(1) sentence 1 prohibits here among others: no. 6 tree and shrub plantings insofar as they conflict with preventive flood protection; no. 7 converting grassland to arable land;</source>
            <translation>Festgesetztes Überschwemmungsgebiet (WHG §76; in Sachsen auch kraft Gesetzes, SächsWG §72). WHG §78a Abs. 1 Satz 1 untersagt hier unter anderem: Nr. 6 das Anlegen von Baum- und Strauchpflanzungen, soweit diese den Zielen des vorsorgenden Hochwasserschutzes entgegenstehen; Nr. 7 die Umwandlung von Grünland in Ackerland;</translation>
        </message>
        <message>
            <source>Designated flood zones (WHG §76, SächsWG §72) or the zones of wertvoll:floodriskzones. All count for the flood share (retention is a synergy, WHG §77).</source>
            <translation>Festgesetzte Überschwemmungsgebiete (WHG §76, SächsWG §72) oder die Zonen von wertvoll:floodriskzones. Alle zählen für den Hochwasseranteil (Retention ist eine Synergie, WHG §77).</translation>
        </message>
        <message>
            <source>Designated flood zones (Überschwemmungsgebiete: at least HQ100, WHG §76, SächsWG §72; areas at risk up to HQextrem, SächsWG §75). Their union becomes zone 0 'official', which overlaps the estimated zones.</source>
            <translation>Festgesetzte Überschwemmungsgebiete (mindestens HQ100, WHG §76, SächsWG §72; überschwemmungsgefährdete Gebiete bis HQextrem, SächsWG §75). Ihre Vereinigung wird Zone 0 'official', die die geschätzten Zonen überlagert.</translation>
        </message>
        <message>
            <source>Development corridors</source>
            <translation>Entwicklungskorridore</translation>
        </message>
        <message>
            <source>Digital elevation model</source>
            <translation>Digitales Geländemodell</translation>
        </message>
        <message>
            <source>Digital elevation model (DEM)</source>
            <translation>Digitales Geländemodell (DGM)</translation>
        </message>
        <message>
            <source>Dispersal cost at p = 0.5</source>
            <translation>Ausbreitungskosten bei p = 0,5</translation>
        </message>
        <message>
            <source>Dispersal kernel of PC: p = 0.5 at half of MAX_COST ({cost}; an assumption: no DISPERSAL_COST given)</source>
            <translation>Ausbreitungskern des PC: p = 0,5 bei der Hälfte von MAX_COST ({cost}; eine Annahme: kein DISPERSAL_COST angegeben)</translation>
        </message>
        <message>
            <source>Dissolve strips</source>
            <translation>Streifen zusammenfassen</translation>
        </message>
        <message>
            <source>Draw development corridors</source>
            <translation>Entwicklungskorridore zeichnen</translation>
        </message>
        <message>
            <source>Draw map figures</source>
            <translation>Karten zeichnen</translation>
        </message>
        <message>
            <source>Drawing the development corridors …</source>
            <translation>Entwicklungskorridore bilden …</translation>
        </message>
        <message>
            <source>Drawing the maps …</source>
            <translation>Karten zeichnen …</translation>
        </message>
        <message>
            <source>Drawing the riparian strips and merging overlaps …</source>
            <translation>Gewässerrandstreifen bilden und Überlappungen zusammenführen …</translation>
        </message>
        <message>
            <source>Drawn in grey with their names under the results of every map, and as a small overview map. Empty: the maps show the results only.</source>
            <translation>In Grau mit Namen unter den Ergebnissen jeder Karte gezeichnet und als kleine Übersichtskarte. Leer: die Karten zeigen nur die Ergebnisse.</translation>
        </message>
        <message>
            <source>Draws the riparian strips the water law fixes along every river (Gewässerrandstreifen: SächsWG §24, WHG §38), the WHG §38a green-cover band on sloping farmland and the development corridor a river needs to move again (LAWA 2016/2019).</source>
            <translation>Zeichnet die gesetzlichen Gewässerrandstreifen entlang jedes Gewässers (SächsWG §24, WHG §38), den Begrünungsstreifen nach WHG §38a auf geneigten landwirtschaftlichen Flächen und den Entwicklungskorridor, den ein Gewässer braucht, um sich wieder zu bewegen (LAWA 2016/2019).</translation>
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
            <source>Drinking-water protection zones: co-benefit 'water'.</source>
            <translation>Trinkwasserschutzgebiete: Zusatznutzen „Trinkwasser“.</translation>
        </message>
        <message>
            <source>Drinking-water share in the score</source>
            <translation>Trinkwasseranteil in der Bewertung</translation>
        </message>
        <message>
            <source>EXEMPT_EXPRESSION cannot be read: {error}. Correct it.</source>
            <translation>EXEMPT_EXPRESSION kann nicht gelesen werden: {error}. Korrigieren Sie den Ausdruck.</translation>
        </message>
        <message>
            <source>EXEMPT_EXPRESSION fails on feature {fid}: {error}. Correct it.</source>
            <translation>EXEMPT_EXPRESSION scheitert an Objekt {fid}: {error}. Korrigieren Sie den Ausdruck.</translation>
        </message>
        <message>
            <source>Each candidate parcel, minus the exclusions, gets its eco-point uplift, (value_target − value_now) × area (BKompV §8(2)), and its co-benefits for drinking water, floods, rivers and the biotope network, which give its score and rank.</source>
            <translation>Jedes Kandidatenflurstück erhält, abzüglich der Ausschlussflächen, seine Wertpunkt-Aufwertung (value_target − value_now) × Fläche (BKompV §8(2)) und seinen Zusatznutzen für Trinkwasser, Hochwasser, Gewässer und Biotopverbund; daraus ergeben sich Bewertung und Rang.</translation>
        </message>
        <message>
            <source>Each weight is multiplied by a factor drawn uniformly from 1 ± this share (50 % is an assumption of the plugin).</source>
            <translation>Jedes Gewicht wird mit einem Faktor gleichverteilt aus 1 ± diesem Anteil multipliziert (50 % sind eine Annahme des Plugins).</translation>
        </message>
        <message>
            <source>Eco-points the city needs to place; the screening selects the best candidates until it is met. 0: no selection.</source>
            <translation>Wertpunkte, die die Stadt unterbringen muss; das Screening wählt die besten Kandidaten, bis der Bedarf gedeckt ist. 0: keine Auswahl.</translation>
        </message>
        <message>
            <source>Eco-points to cover. Candidates are selected by rank (or optimally, see SELECTION) until their uplift covers the demand. 0: no selection.</source>
            <translation>Zu deckende Wertpunkte. Die Kandidaten werden nach Rang (oder optimal, siehe SELECTION) gewählt, bis ihre Aufwertung den Bedarf deckt. 0: keine Auswahl.</translation>
        </message>
        <message>
            <source>Elevation model in metres, any CRS (best 1-10 m cells, e.g. DGM1/DGM2). WHG §38a: farmland sloping on average &gt;= 5 % towards the water within 20 m of the top of the bank keeps a green cover in the first 5 m. Slope averaged per ~100 m stretch, a profile every 10 m: assumptions (Annahme).</source>
            <translation>Höhenmodell in Metern, beliebiges KBS (am besten 1–10-m-Zellen, z. B. DGM1/DGM2). WHG §38a: Landwirtschaftliche Flächen mit durchschnittlich ≥ 5 % Neigung zum Gewässer innerhalb von 20 m ab Böschungsoberkante behalten in den ersten 5 m eine Pflanzendecke. Neigung je ~100-m-Abschnitt gemittelt, ein Profil alle 10 m: Annahmen.</translation>
        </message>
        <message>
            <source>Empty: the area-weighted mean soil index of the arable candidates stands in for the district (an assumption, Annahme, named in the log).</source>
            <translation>Leer: Das flächengewichtete Mittel der Bodenzahl der Ackerkandidaten steht für den Landkreis (eine Annahme, im Protokoll genannt).</translation>
        </message>
        <message>
            <source>Enter it, or any other list, as your own value table below. The outputs and the report name the method used (field 'method').</source>
            <translation>Tragen Sie sie oder eine andere Liste unten als eigene Wertetabelle ein. Ausgaben und Bericht nennen die verwendete Methode (Feld „method“).</translation>
        </message>
        <message>
            <source>Enter the value of your catchment (KliWES).</source>
            <translation>Tragen Sie den Wert Ihres Einzugsgebiets ein (KliWES).</translation>
        </message>
        <message>
            <source>Equivalent connected area (ECA, m²)</source>
            <translation>Äquivalente verbundene Fläche (ECA, m²)</translation>
        </message>
        <message>
            <source>Estimated from the terrain with the height above the river that reproduces the official flood zones of rivers of the same class best (see the table 'Fit to the official zones'). An estimate, not a designation: WHG §78a binds designated flood zones only (WHG §76, SächsWG §72).</source>
            <translation>Aus dem Gelände geschätzt mit der Höhe über dem Gewässer, die die festgesetzten Überschwemmungsgebiete von Gewässern derselben Klasse am besten wiedergibt (siehe die Tabelle „Anpassung an die festgesetzten Gebiete“). Eine Schätzung, keine Festsetzung: WHG §78a bindet nur festgesetzte Überschwemmungsgebiete (WHG §76, SächsWG §72).</translation>
        </message>
        <message>
            <source>Estimated from the terrain: up to {upper} m above the river, a threshold that is an assumption (Annahme), not a flood level. WHG §78a does not apply here directly: it binds designated flood zones (WHG §76, SächsWG §72).</source>
            <translation>Aus dem Gelände geschätzt: bis {upper} m über dem Gewässer, eine Schwelle, die eine Annahme ist, kein Hochwasserstand. WHG §78a gilt hier nicht unmittelbar: Er bindet festgesetzte Überschwemmungsgebiete (WHG §76, SächsWG §72).</translation>
        </message>
        <message>
            <source>Estimates where water goes along rivers without an official flood zone, from the terrain: the height of the land above the water level of the nearest river (relative elevation model, "height above nearest drainage", HAND).</source>
            <translation>Schätzt aus dem Gelände, wohin Wasser an Gewässern ohne festgesetztes Überschwemmungsgebiet geht: die Höhe des Landes über dem Wasserspiegel des nächsten Gewässers (relatives Höhenmodell, „height above nearest drainage“, HAND).</translation>
        </message>
        <message>
            <source>Estimating nitrate leaching avoided and soil carbon per measure …</source>
            <translation>Schätze vermiedene Nitratauswaschung und Bodenkohlenstoff je Maßnahme …</translation>
        </message>
        <message>
            <source>Even the smallest tiles of the flood-risk zones need about {need} of memory (MAX_DISTANCE {cells} cells around each tile), but only {available} are free. Close other programs or reduce MAX_DISTANCE.</source>
            <translation>Selbst die kleinsten Kacheln der Hochwasserrisikozonen brauchen etwa {need} Speicher (MAX_DISTANCE: {cells} Zellen um jede Kachel), frei sind aber nur {available}. Andere Programme schließen oder MAX_DISTANCE verkleinern.</translation>
        </message>
        <message>
            <source>Every number in the report is computed from the layers given; templates run sandboxed, so attribute values are printed as text, never evaluated.</source>
            <translation>Jede Zahl im Bericht wird aus den übergebenen Layern berechnet; Vorlagen laufen abgeschirmt (Sandbox): Attributwerte werden als Text ausgegeben, nie ausgewertet.</translation>
        </message>
        <message>
            <source>Exclusion layers</source>
            <translation>Ausschluss-Layer</translation>
        </message>
        <message>
            <source>Exempt waters (expression)</source>
            <translation>Ausgenommene Gewässer (Ausdruck)</translation>
        </message>
        <message>
            <source>Export report</source>
            <translation>Bericht exportieren</translation>
        </message>
        <message>
            <source>Exposed land is tabulated per zone; the bans of WHG §78a bind designated zones only. The water level falls robustly downstream, the thresholds are assumptions (Annahme), flat terrain is flagged. A screening, not a hydraulic model.</source>
            <translation>Die betroffenen Flächen werden je Zone tabelliert; die Verbote von WHG §78a binden nur festgesetzte Gebiete. Der Wasserspiegel fällt robust talab, die Schwellen sind Annahmen, flaches Gelände wird markiert. Ein Screening, kein hydraulisches Modell.</translation>
        </message>
        <message>
            <source>Exposure layer</source>
            <translation>Betroffenheits-Layer</translation>
        </message>
        <message>
            <source>Exposure per zone</source>
            <translation>Betroffenheit je Zone</translation>
        </message>
        <message>
            <source>Expression true for waters the water law does not apply to (SächsWG §1(2): ditches of one owner's parcel, road-side ditches, unconnected ponds, streams up to 500 m from source to mouth, each only if of minor water-management importance; WHG §2(2)).</source>
            <translation>Ausdruck, der für Gewässer wahr ist, für die das Wasserrecht nicht gilt (SächsWG §1 Abs. 2: Gräben eines Eigentümers, Straßenseitengräben, nicht angeschlossene Teiche, Bäche bis 500 m von der Quelle bis zur Mündung, jeweils nur bei wasserwirtschaftlich untergeordneter Bedeutung; WHG §2 Abs. 2).</translation>
        </message>
        <message>
            <source>FLOODPLAIN: {count} invalid geometries were repaired (make_valid).</source>
            <translation>FLOODPLAIN: {count} ungültige Geometrien wurden repariert (make_valid).</translation>
        </message>
        <message>
            <source>Factor for all features without a field value. Empty (default): by river type from the river-type table (LAWA 2019 method; resources/riparian_river_types.csv, where the values are marked as assumptions), else its row 'default' = 7 (a winding river, sinuosity up to 1.5).</source>
            <translation>Faktor für alle Objekte ohne Feldwert. Leer (Vorgabe): nach Gewässertyp aus der Gewässertyp-Tabelle (LAWA-2019-Verfahren; resources/riparian_river_types.csv, dort sind die Werte als Annahmen gekennzeichnet), sonst deren Zeile 'default' = 7 (gewundenes Gewässer, Windungsgrad bis 1,5).</translation>
        </message>
        <message>
            <source>Factor table {path} cannot be read ({reason}). Check the path and that the file exists.</source>
            <translation>Faktortabelle {path} kann nicht gelesen werden ({reason}). Prüfen Sie den Pfad und ob die Datei existiert.</translation>
        </message>
        <message>
            <source>Factor table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.</source>
            <translation>Faktortabelle {path} ist kein UTF-8-Text. Speichern Sie sie als 'CSV UTF-8' und starten Sie erneut.</translation>
        </message>
        <message>
            <source>Factor table {path}, line {line}: the header lacks the column(s) {missing}. Compare it with the table shipped with the plugin (resources/water_climate).</source>
            <translation>Faktortabelle {path}, Zeile {line}: der Kopfzeile fehlen die Spalte(n) {missing}. Vergleichen Sie sie mit der mitgelieferten Tabelle (resources/water_climate).</translation>
        </message>
        <message>
            <source>Factor table {path}, line {line}: the key ({column}) is empty. Fill it or remove the line.</source>
            <translation>Faktortabelle {path}, Zeile {line}: der Schlüssel ({column}) ist leer. Füllen Sie ihn oder entfernen Sie die Zeile.</translation>
        </message>
        <message>
            <source>Factor table {path}, line {line}: {column} '{value}' is not a number of at least {minimum}. Correct it, or leave the cell empty when no source gives it.</source>
            <translation>Faktortabelle {path}, Zeile {line}: {column} '{value}' ist keine Zahl von mindestens {minimum}. Korrigieren Sie sie oder lassen Sie die Zelle leer, wenn keine Quelle den Wert nennt.</translation>
        </message>
        <message>
            <source>Factor table {path}: '{key}' appears on line {first} and on line {line}. Keep one of the two lines.</source>
            <translation>Faktortabelle {path}: '{key}' steht in Zeile {first} und in Zeile {line}. Behalten Sie eine der beiden Zeilen.</translation>
        </message>
        <message>
            <source>Farmland land-use codes (WHG §38a)</source>
            <translation>Nutzungscodes Landwirtschaft (WHG §38a)</translation>
        </message>
        <message>
            <source>Farmland saved against the walk by rank (m²)</source>
            <translation>Eingesparte Landwirtschaftsfläche gegenüber der Auswahl nach Rang (m²)</translation>
        </message>
        <message>
            <source>Farmland with a soil index at or above the PIK threshold that the selection may take out of farming (BKompV §10(2)); PIK keeps it farmed. Empty = no limit.</source>
            <translation>Landwirtschaftsfläche mit Bodenzahl ab der PIK-Schwelle, die die Auswahl aus der Nutzung nehmen darf (BKompV §10 Abs. 2); PIK hält sie in Nutzung. Leer = ohne Grenze.</translation>
        </message>
        <message>
            <source>Farmland: area of the selected parts that leave farming (arable, grassland, orchard, fallow without PIK). Cost: PRICE_FIELD × area. Co-benefit: each m² counted by how far its score stays below the best score (an assumption of the plugin).</source>
            <translation>Landwirtschaftsfläche: Fläche der gewählten Teile, die aus der Nutzung gehen (Acker, Grünland, Streuobst, Brache ohne PIK). Kosten: PRICE_FIELD × Fläche. Mehrwert: jeder m² zählt danach, wie weit seine Bewertung unter der besten bleibt (Annahme des Plugins).</translation>
        </message>
        <message>
            <source>Feature {fid} of the land-use layer has the resistance '{value}'. Resistances must be numbers ≥ 0 (0 = impassable). Correct the value or choose another RESISTANCE_FIELD.</source>
            <translation>Objekt {fid} des Nutzungslayers hat den Widerstand „{value}“. Widerstände müssen Zahlen ≥ 0 sein (0 = unpassierbar). Korrigieren Sie den Wert oder wählen Sie ein anderes RESISTANCE_FIELD.</translation>
        </message>
        <message>
            <source>Feature {fid} of the layer '{layer}' has an invalid geometry, and Processing is set to stop on invalid geometries. Repair the layer (Vector geometry &gt; Fix geometries) or change the setting 'Invalid features filtering' (Processing options or the input's advanced options).</source>
            <translation>Objekt {fid} des Layers '{layer}' hat eine ungültige Geometrie, und Processing ist so eingestellt, dass es bei ungültigen Geometrien abbricht. Reparieren Sie den Layer (Vektorgeometrie &gt; Geometrien reparieren) oder ändern Sie die Einstellung 'Ungültige Objekte filtern' (Processing-Optionen oder erweiterte Optionen der Eingabe).</translation>
        </message>
        <message>
            <source>Feature {fid}: the soil index field '{field}' holds '{value}', not a number. Choose a numeric field with the soil index (Acker- or Grünlandzahl, 7–100).</source>
            <translation>Objekt {fid}: das Bodenzahl-Feld '{field}' enthält '{value}', keine Zahl. Wählen Sie ein Zahlenfeld mit der Acker- oder Grünlandzahl (7–100).</translation>
        </message>
        <message>
            <source>Field holding the zone (I, II, III). Features with zone I or 1 raise the note 'drinking-water protection zone I'. Empty: a field named 'zone' is used if present.</source>
            <translation>Feld mit der Zone (I, II, III). Objekte mit Zone I oder 1 erzeugen den Hinweis 'Trinkwasserschutzzone I'. Leer: ein Feld namens 'zone' wird verwendet, falls vorhanden.</translation>
        </message>
        <message>
            <source>Field of the candidate layer: 1 or 'in' = must be selected, -1 or 'out' = must not be selected, anything else = free. Only for the optimal selection.</source>
            <translation>Feld der Kandidatenschicht: 1 oder 'in'/'ein' = muss gewählt werden, -1 oder 'out'/'aus' = darf nicht gewählt werden, sonst frei. Nur für die optimale Auswahl.</translation>
        </message>
        <message>
            <source>Field of the municipalities: least eco-points</source>
            <translation>Feld der Gemeinden: mindestens Wertpunkte</translation>
        </message>
        <message>
            <source>Field of the municipalities: most eco-points</source>
            <translation>Feld der Gemeinden: höchstens Wertpunkte</translation>
        </message>
        <message>
            <source>Field of the river layer whose values form the classes of the fit (e.g. the river type or width class). Empty: the Strahler order of each line, computed on the river network (lines joined where one ends in the cell where another starts).</source>
            <translation>Feld des Gewässer-Layers, dessen Werte die Klassen der Anpassung bilden (z. B. Gewässertyp oder Breitenklasse). Leer: die Strahler-Ordnung jeder Linie, berechnet im Gewässernetz (Linien verbunden, wo eine in der Zelle endet, in der eine andere beginnt).</translation>
        </message>
        <message>
            <source>Field shared by all segments of one river; corridors are dissolved per river and carry it. Empty: a field named gew_id, gewkz, gwk_id, gewaesser_id or id if there is one.</source>
            <translation>Feld, das alle Abschnitte eines Gewässers gemeinsam haben; Korridore werden je Gewässer zusammengefasst und erhalten es. Leer: ein Feld namens gew_id, gewkz, gwk_id, gewaesser_id oder id, falls vorhanden.</translation>
        </message>
        <message>
            <source>Field telling designated from estimated zones: 0 = designated (official) zone, any other value = estimated (as in the output of wertvoll:floodriskzones). Empty: a field named 'zone' is used if present.</source>
            <translation>Feld, das festgesetzte von geschätzten Zonen unterscheidet: 0 = festgesetzte (amtliche) Zone, jeder andere Wert = geschätzt (wie in der Ausgabe von wertvoll:floodriskzones). Leer: Ein Feld namens „zone“ wird verwendet, falls vorhanden.</translation>
        </message>
        <message>
            <source>Field values (JSON)</source>
            <translation>Feldwerte (JSON)</translation>
        </message>
        <message>
            <source>Field values must be one JSON object, e.g. {"author": "Name"}.</source>
            <translation>Die Feldwerte müssen ein JSON-Objekt sein, z. B. {"author": "Name"}.</translation>
        </message>
        <message>
            <source>Field values: {problem} (line {line}). Write them as JSON, e.g. {{"author": "Name"}}.</source>
            <translation>Feldwerte: {problem} (Zeile {line}). Schreiben Sie sie als JSON, z. B. {{"author": "Name"}}.</translation>
        </message>
        <message>
            <source>Field whose values form the classes of the exposure table, e.g. the land-use code. Empty: one class for all features.</source>
            <translation>Feld, dessen Werte die Klassen der Betroffenheitstabelle bilden, z. B. der Nutzungscode. Leer: eine Klasse für alle Objekte.</translation>
        </message>
        <message>
            <source>Field with the LAWA river type (e.g. 14, 17, 15_g) or the course form (gestreckt, schwach_gewunden, gewunden, maeandrierend), looked up in the river-type table for the corridor factor.</source>
            <translation>Feld mit dem LAWA-Fließgewässertyp (z. B. 14, 17, 15_g) oder der Laufform (gestreckt, schwach_gewunden, gewunden, maeandrierend), das für den Korridorfaktor in der Gewässertyp-Tabelle nachgeschlagen wird.</translation>
        </message>
        <message>
            <source>Field with the current land-use or biotope code (text or integer), looked up in the value table. Codes missing from the table are skipped with one warning each.</source>
            <translation>Feld mit dem aktuellen Nutzungs- oder Biotopcode (Text oder Ganzzahl), der in der Wertetabelle nachgeschlagen wird. Codes, die in der Tabelle fehlen, werden mit je einer Warnung übersprungen.</translation>
        </message>
        <message>
            <source>Field with the land-use code (e.g. 43001_1010 arable). Needed when land use is given.</source>
            <translation>Feld mit dem Nutzungscode (z. B. 43001_1010 Acker). Nötig, wenn eine Nutzung angegeben ist.</translation>
        </message>
        <message>
            <source>Field with the municipality name.</source>
            <translation>Feld mit dem Gemeindenamen.</translation>
        </message>
        <message>
            <source>Field with the municipality name. Needed when municipalities are given.</source>
            <translation>Feld mit dem Gemeindenamen. Nötig, wenn Gemeinden angegeben sind.</translation>
        </message>
        <message>
            <source>Field with the patch id; features with the same id form one patch. Empty: each feature is a patch, named by its feature id.</source>
            <translation>Feld mit der Kennung der Kernfläche; Objekte mit derselben Kennung bilden eine Kernfläche. Leer: Jedes Objekt ist eine Kernfläche mit seiner Objekt-ID als Kennung.</translation>
        </message>
        <message>
            <source>Field with the river name, copied to the corridors. Empty: a field named name, gew_name, gewname or gn if there is one.</source>
            <translation>Feld mit dem Gewässernamen, wird in die Korridore übernommen. Leer: ein Feld namens name, gew_name, gewname oder gn, falls vorhanden.</translation>
        </message>
        <message>
            <source>Field with the soil texture (KA5 Bodenart such as Sl3, Ut4) or a soil class of the soil-class table (sand, loamy_sand, loess), for the nitrate and carbon estimates. Without it the soil index (SOIL_FIELD) picks the class by the ranges in the table (an assumption, Annahme),</source>
            <translation>Feld mit der Bodenart (KA5, z. B. Sl3, Ut4) oder einer Bodenklasse der Bodenklassen-Tabelle (sand, loamy_sand, loess) für die Nitrat- und Kohlenstoffschätzung. Ohne dieses Feld wählt die Bodenzahl (SOIL_FIELD) die Klasse nach den Spannen der Tabelle (eine Annahme),</translation>
        </message>
        <message>
            <source>Fields</source>
            <translation>Felder</translation>
        </message>
        <message>
            <source>Filling in the template …</source>
            <translation>Vorlage ausfüllen …</translation>
        </message>
        <message>
            <source>Fills MAX_COST from resources/species_presets.csv: distance × the resistance of grassland (20, an assumption), e.g. 1 km for amphibians, reptiles and small mammals (Holzgang et al. 2001); PC's kernel then has p = 0.5 at half of it (an assumption). 'None' uses MAX_COST.</source>
            <translation>Füllt MAX_COST aus resources/species_presets.csv: Distanz × Widerstand von Grünland (20, eine Annahme), z. B. 1 km für Amphibien, Reptilien und Kleinsäuger (Holzgang et al. 2001); der Kern des PC hat dann p = 0,5 bei der Hälfte davon (eine Annahme). „Keine“ verwendet MAX_COST.</translation>
        </message>
        <message>
            <source>Fills a report template with the result layers of the WERTvoll algorithms and writes an HTML page and an editable Word file (.docx).</source>
            <translation>Füllt eine Berichtsvorlage mit den Ergebnislayern der WERTvoll-Algorithmen und schreibt eine HTML-Seite und eine bearbeitbare Word-Datei (.docx).</translation>
        </message>
        <message>
            <source>Finding the zones connected to the rivers across the tiles …</source>
            <translation>Die mit den Gewässern verbundenen Zonen werden über die Kacheln hinweg gesucht …</translation>
        </message>
        <message>
            <source>Finds, values and ranks land for nature compensation (BNatSchG §15) across the city–countryside region; SächsNatSchG §10(1) allows the whole planning region as search area.</source>
            <translation>Findet, bewertet und reiht Flächen für die naturschutzrechtliche Kompensation (BNatSchG §15) in der Stadt-Land-Region; nach SächsNatSchG §10(1) ist die ganze Planungsregion Suchraum.</translation>
        </message>
        <message>
            <source>Fit the height to the official flood zones</source>
            <translation>Höhe an die festgesetzten Überschwemmungsgebiete anpassen</translation>
        </message>
        <message>
            <source>Fit to the official zones</source>
            <translation>Anpassung an die festgesetzten Gebiete</translation>
        </message>
        <message>
            <source>Fitting the height above the river to the official flood zones …</source>
            <translation>Die Höhe über dem Gewässer wird an die festgesetzten Überschwemmungsgebiete angepasst …</translation>
        </message>
        <message>
            <source>Flag where the terrain cannot tell</source>
            <translation>Markieren, wo das Gelände nichts entscheidet</translation>
        </message>
        <message>
            <source>Flagging where the terrain cannot separate the floodplain from the upland …</source>
            <translation>Markiert wird, wo das Gelände Aue und Hochfläche nicht trennen kann …</translation>
        </message>
        <message>
            <source>Flood exposure</source>
            <translation>Hochwasserbetroffenheit</translation>
        </message>
        <message>
            <source>Flood zones</source>
            <translation>Überschwemmungsgebiete</translation>
        </message>
        <message>
            <source>Flood zones: no zone field, so every feature counts as a designated flood zone (WHG §76, SächsWG §72) for the §78a note.</source>
            <translation>Hochwasserzonen: kein Zonenfeld, daher zählt jedes Objekt für den Hinweis nach §78a als festgesetztes Überschwemmungsgebiet (WHG §76, SächsWG §72).</translation>
        </message>
        <message>
            <source>Flood zones: {official} of {count} features are designated (field '{field}' = 0); only they raise the WHG §78a note.</source>
            <translation>Hochwasserzonen: {official} von {count} Objekten sind festgesetzt (Feld „{field}“ = 0); nur sie lösen den Hinweis nach WHG §78a aus.</translation>
        </message>
        <message>
            <source>Flood-risk zones</source>
            <translation>Hochwasser-Risikozonen</translation>
        </message>
        <message>
            <source>Flood-risk zones (height above river)</source>
            <translation>Hochwasser-Risikozonen (Höhe über Gewässer)</translation>
        </message>
        <message>
            <source>Flow direction from the field '{field}' (true = in digitising direction): {count} lines digitised against the flow are reversed; {unknown} without a usable value keep their digitising direction.</source>
            <translation>Fließrichtung aus dem Feld „{field}“ (true = in Digitalisierrichtung): {count} gegen die Fließrichtung digitalisierte Linien werden umgedreht; {unknown} ohne verwendbaren Wert behalten ihre Digitalisierrichtung.</translation>
        </message>
        <message>
            <source>Flow direction: no FLOW_DIRECTION field; every river line is taken as digitised downstream (the ATKIS rule when 'fliessrichtung' is true).</source>
            <translation>Fließrichtung: kein Feld FLOW_DIRECTION; jede Gewässerlinie gilt als flussabwärts digitalisiert (die ATKIS-Regel, wenn „fliessrichtung“ true ist).</translation>
        </message>
        <message>
            <source>Flow-direction field of the rivers</source>
            <translation>Feld Fließrichtung der Gewässer</translation>
        </message>
        <message>
            <source>Folder with own report templates</source>
            <translation>Ordner mit eigenen Berichtsvorlagen</translation>
        </message>
        <message>
            <source>Gap resistance</source>
            <translation>Lückenwiderstand</translation>
        </message>
        <message>
            <source>Gaps</source>
            <translation>Lücken</translation>
        </message>
        <message>
            <source>Give both NETWORK_LINKS and NETWORK_PATCHES (the links and the patches of one run of the biotope corridors), or neither.</source>
            <translation>Geben Sie NETWORK_LINKS und NETWORK_PATCHES beide an (Verbindungen und Kernflächen eines Laufs der Biotopverbund-Analyse) oder keines.</translation>
        </message>
        <message>
            <source>Give either a RESISTANCE raster or LANDUSE polygons, not both: clear one of the two.</source>
            <translation>Geben Sie entweder ein RESISTANCE-Raster oder LANDUSE-Polygone an, nicht beides: Leeren Sie eines der beiden.</translation>
        </message>
        <message>
            <source>Give the resistance: a RESISTANCE raster or LANDUSE polygons with a RESISTANCE_FIELD.</source>
            <translation>Geben Sie den Widerstand an: ein RESISTANCE-Raster oder LANDUSE-Polygone mit einem RESISTANCE_FIELD.</translation>
        </message>
        <message>
            <source>HTML report</source>
            <translation>HTML-Bericht</translation>
        </message>
        <message>
            <source>HTML …</source>
            <translation>HTML …</translation>
        </message>
        <message>
            <source>Habitat patches</source>
            <translation>Kernflächen</translation>
        </message>
        <message>
            <source>Habitat patches (core areas)</source>
            <translation>Kernflächen (Lebensräume)</translation>
        </message>
        <message>
            <source>Half-width of the band around line features of the network layer (default 25 m, one cell of the corridor analysis: an assumption of the plugin). Polygons are used as they are.</source>
            <translation>Halbe Breite des Bands um Linien des Verbund-Layers (Vorgabe 25 m, eine Zelle der Korridoranalyse: eine Annahme des Plugins). Flächen werden unverändert verwendet.</translation>
        </message>
        <message>
            <source>Height above the river</source>
            <translation>Höhe über dem Gewässer</translation>
        </message>
        <message>
            <source>Height measured from</source>
            <translation>Höhe gemessen von</translation>
        </message>
        <message>
            <source>Height thresholds (m above the river)</source>
            <translation>Höhenschwellen (m über dem Gewässer)</translation>
        </message>
        <message>
            <source>Heights in metres above the water level of the nearest river, increasing, separated by commas (or by semicolons with decimal commas: 0,5;1;2); one zone each, zone 1 = most likely.</source>
            <translation>Höhen in Metern über dem Wasserspiegel des nächstgelegenen Gewässers, aufsteigend, durch Kommas getrennt (oder durch Semikolons mit Dezimalkommas: 0,5;1;2); je eine Zone, Zone 1 = am wahrscheinlichsten.</translation>
        </message>
        <message>
            <source>In a run in tiles the height is measured from the nearest river cell, not from the river cell the flow path drains to (a flow path may cross many tiles).</source>
            <translation>In einem Lauf in Kacheln wird die Höhe von der nächstgelegenen Gewässerzelle gemessen, nicht von der Gewässerzelle, zu der der Fließweg führt (ein Fließweg kann viele Kacheln queren).</translation>
        </message>
        <message>
            <source>In a run in tiles the terrain is not flagged where it cannot tell (low relief, level surfaces).</source>
            <translation>In einem Lauf in Kacheln wird nicht markiert, wo das Gelände nichts entscheidet (geringes Relief, ebene Flächen).</translation>
        </message>
        <message>
            <source>Inside and outside built-up areas: choosing the strip width …</source>
            <translation>Innerhalb und außerhalb der Ortslagen: Streifenbreite wählen …</translation>
        </message>
        <message>
            <source>It is applied to the rivers of the same class without an official zone: zone 100 'estimated HQ100 (calibrated)'.</source>
            <translation>Sie wird auf die Gewässer derselben Klasse ohne festgesetztes Gebiet angewandt: Zone 100 „geschätztes HQ100 (kalibriert)“.</translation>
        </message>
        <message>
            <source>It uses its spatial indexes and works on several areas at once; the overlay layers are not read into QGIS.</source>
            <translation>Sie nutzt ihre räumlichen Indizes und rechnet mehrere Teilgebiete gleichzeitig; die Überlagerungs-Layer werden nicht in QGIS gelesen.</translation>
        </message>
        <message>
            <source>LANDUSE needs a RESISTANCE_FIELD: a numeric resistance or a land-use code field.</source>
            <translation>LANDUSE braucht ein RESISTANCE_FIELD: ein Zahlenfeld mit dem Widerstand oder ein Feld mit dem Nutzungscode.</translation>
        </message>
        <message>
            <source>LANDUSE: overlapping land-use polygons cover {area:.2f} m² of the strips or corridors twice; there their areas were shared in proportion, so that each band still sums to its area. Check the layer with 'Check validity' or the 'Topology checker' if the area is large.</source>
            <translation>LANDUSE: sich überlappende Nutzungspolygone decken {area:.2f} m² der Streifen oder Korridore doppelt ab; dort wurden ihre Flächen anteilig aufgeteilt, sodass jedes Band weiterhin seine Fläche ergibt. Prüfen Sie den Layer mit 'Gültigkeit prüfen' oder dem 'Topologieprüfer', wenn die Fläche groß ist.</translation>
        </message>
        <message>
            <source>Land use</source>
            <translation>Nutzung</translation>
        </message>
        <message>
            <source>Land use in strips</source>
            <translation>Nutzung in Randstreifen</translation>
        </message>
        <message>
            <source>Land use in strips and corridors</source>
            <translation>Nutzung in Randstreifen und Korridoren</translation>
        </message>
        <message>
            <source>Land-use code field</source>
            <translation>Feld mit dem Nutzungscode</translation>
        </message>
        <message>
            <source>Land-use code field of the parcels.</source>
            <translation>Feld mit dem Nutzungsschlüssel der Flurstücke.</translation>
        </message>
        <message>
            <source>Land-use codes not in the resistance table get the default resistance {default}: {codes}. Add them to the table (RESISTANCE_TABLE) to set their resistance.</source>
            <translation>Nutzungscodes, die nicht in der Widerstandstabelle stehen, erhalten den Vorgabewiderstand {default}: {codes}. Tragen Sie sie in die Tabelle (RESISTANCE_TABLE) ein, um ihren Widerstand festzulegen.</translation>
        </message>
        <message>
            <source>Land-use or biotope polygons (e.g. ALKIS parcels) rasterized at CELL_SIZE (cell centre in the polygon) over the extent of this layer and the patches; it is the analysis extent. Cells outside every polygon get DEFAULT_RESISTANCE. Give either this or RESISTANCE.</source>
            <translation>Nutzungs- oder Biotoppolygone (z. B. ALKIS-Flurstücke), gerastert mit CELL_SIZE (Zellmittelpunkt im Polygon) über die Ausdehnung dieses Layers und der Kernflächen; das ist das Analysegebiet. Zellen außerhalb aller Polygone erhalten DEFAULT_RESISTANCE. Geben Sie entweder diese oder RESISTANCE an.</translation>
        </message>
        <message>
            <source>Land-use polygons</source>
            <translation>Nutzungspolygone</translation>
        </message>
        <message>
            <source>Land-use polygons (ALKIS actual land use, or parcels with a land-use code). Their area in every strip band and in the corridors is tabulated; arable land in a strip is the conflict (WHG §38(4) bans converting grassland to arable).</source>
            <translation>Nutzungspolygone (ALKIS tatsächliche Nutzung oder Flurstücke mit Nutzungscode). Ihre Fläche in jedem Streifenband und in den Korridoren wird tabelliert; Acker im Randstreifen ist der Konflikt (WHG §38 Abs. 4 verbietet die Umwandlung von Grünland in Acker).</translation>
        </message>
        <message>
            <source>Largest share of a municipality's candidate area (%)</source>
            <translation>Größter Anteil an der Kandidatenfläche einer Gemeinde (%)</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>Layer</translation>
        </message>
        <message>
            <source>Least PIK share of the selected area (%)</source>
            <translation>Mindestanteil PIK an der gewählten Fläche (%)</translation>
        </message>
        <message>
            <source>Least area</source>
            <translation>Kleinste Fläche</translation>
        </message>
        <message>
            <source>Least cost (price field × area)</source>
            <translation>Kleinste Kosten (Preisfeld × Fläche)</translation>
        </message>
        <message>
            <source>Least farmland taken out of farming</source>
            <translation>Kleinste aus der Nutzung genommene Landwirtschaftsfläche</translation>
        </message>
        <message>
            <source>Least nitrate leaching avoided (kg N/a)</source>
            <translation>Mindestens vermiedene Nitratauswaschung (kg N/a)</translation>
        </message>
        <message>
            <source>Least soil carbon stored (t CO2/a)</source>
            <translation>Mindestens gebundener Bodenkohlenstoff (t CO2/a)</translation>
        </message>
        <message>
            <source>Least-cost links</source>
            <translation>Verbindungen geringster Kosten</translation>
        </message>
        <message>
            <source>Least-cost paths and corridors of {pairs} neighbouring patch pairs (one pass per patch)</source>
            <translation>Kostengünstigste Wege und Korridore von {pairs} benachbarten Kernflächenpaaren (ein Durchlauf je Kernfläche)</translation>
        </message>
        <message>
            <source>Level surface: a square of 1 ha whose heights differ by at most 5 cm (mining lakes, reservoirs), where a height above the river means nothing.</source>
            <translation>Ebene Fläche: ein Quadrat von 1 ha, dessen Höhen höchstens 5 cm auseinanderliegen (Tagebauseen, Speicher), wo eine Höhe über dem Gewässer nichts bedeutet.</translation>
        </message>
        <message>
            <source>Link cost (resistance × metres) at which half of the species' individuals still arrive: gives PC, ECA and the connectivity gain of each candidate. 0: none.</source>
            <translation>Verbindungskosten (Widerstand × Meter), bei denen noch die Hälfte der Individuen ankommt: ergibt PC, ECA und den Verbundgewinn jedes Kandidaten. 0: keine.</translation>
        </message>
        <message>
            <source>Link table, gaps and connectivity (PC, ECA, dPC)</source>
            <translation>Verbindungstabelle, Lücken und Konnektivität (PC, ECA, dPC)</translation>
        </message>
        <message>
            <source>Links costing more (cost = resistance × metres) are dropped; 0 = unlimited. Without DISPERSAL_COST it also sets PC's dispersal kernel: p = 0.5 at half of MAX_COST (an assumption). A SPECIES_PRESET other than 'None' replaces it.</source>
            <translation>Teurere Verbindungen (Kosten = Widerstand × Meter) werden verworfen; 0 = unbegrenzt. Ohne DISPERSAL_COST legt es auch den Ausbreitungskern des PC fest: p = 0,5 bei der Hälfte von MAX_COST (eine Annahme). Eine SPECIES_PRESET außer „Keine“ ersetzt es.</translation>
        </message>
        <message>
            <source>Lock field</source>
            <translation>Festlegungsfeld</translation>
        </message>
        <message>
            <source>Looking up the land-use codes of {count} parcels in the value table …</source>
            <translation>Nutzungscodes von {count} Flurstücken in der Bewertungstabelle nachschlagen …</translation>
        </message>
        <message>
            <source>Low relief: the terrain within MAX_DISTANCE of a cell varies less than the highest threshold, so every cell near a river falls into a zone however flat the land (the Leipzig lowland; terrain methods fail at under 3 m relief over 20 km).</source>
            <translation>Geringes Relief: das Gelände im Umkreis von MAX_DISTANCE um eine Zelle schwankt weniger als die höchste Schwelle, so dass jede Zelle nahe einem Gewässer in eine Zone fällt, wie flach das Land auch ist (die Leipziger Tieflandsbucht; Geländeverfahren scheitern unter 3 m Relief auf 20 km).</translation>
        </message>
        <message>
            <source>MAX_DISTANCE must be greater than 0 m (it is {value}).</source>
            <translation>MAX_DISTANCE muss größer als 0 m sein (angegeben: {value}).</translation>
        </message>
        <message>
            <source>MAX_DISTANCE must be greater than 0 m.</source>
            <translation>MAX_DISTANCE muss größer als 0 m sein.</translation>
        </message>
        <message>
            <source>MIP gap (%)</source>
            <translation>MIP-Lücke (%)</translation>
        </message>
        <message>
            <source>Make the water level fall downstream</source>
            <translation>Wasserspiegel flussabwärts fallen lassen</translation>
        </message>
        <message>
            <source>Maps</source>
            <translation>Karten</translation>
        </message>
        <message>
            <source>Maximum distance from the river (m)</source>
            <translation>Maximaler Abstand vom Gewässer (m)</translation>
        </message>
        <message>
            <source>Maximum link cost</source>
            <translation>Höchste Verbindungskosten</translation>
        </message>
        <message>
            <source>Measuring the distances from the top of the banks …</source>
            <translation>Abstände ab der Böschungsoberkante messen …</translation>
        </message>
        <message>
            <source>Minimum area of a candidate part (m²)</source>
            <translation>Mindestfläche eines Kandidatenteils (m²)</translation>
        </message>
        <message>
            <source>Minimum corridor width (m)</source>
            <translation>Mindestbreite des Korridors (m)</translation>
        </message>
        <message>
            <source>Minimum patch area (m²)</source>
            <translation>Mindestgröße der Kernflächen (m²)</translation>
        </message>
        <message>
            <source>Most co-benefit (highest scores)</source>
            <translation>Größter Mehrwert (höchste Bewertungen)</translation>
        </message>
        <message>
            <source>Most important patches (patch | dPC %):</source>
            <translation>Wichtigste Kernflächen (Kernfläche | dPC %):</translation>
        </message>
        <message>
            <source>Most prime soil taken out of farming (ha)</source>
            <translation>Höchstens aus der Nutzung genommene hochwertige Böden (ha)</translation>
        </message>
        <message>
            <source>Municipal boundaries</source>
            <translation>Gemeindegrenzen</translation>
        </message>
        <message>
            <source>Municipal boundaries for the maps</source>
            <translation>Gemeindegrenzen für die Karten</translation>
        </message>
        <message>
            <source>Municipalities</source>
            <translation>Gemeinden</translation>
        </message>
        <message>
            <source>Municipality boundaries for the balance per municipality.</source>
            <translation>Gemeindegrenzen für die Bilanz je Gemeinde.</translation>
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
            <source>Municipality {name}: at least {limit:,.0f} eco-points are required from it, but its candidates give at most {high:,.0f}. Lower its minimum.</source>
            <translation>Gemeinde {name}: mindestens {limit:,.0f} Wertpunkte werden von ihr verlangt, ihre Kandidaten geben aber höchstens {high:,.0f}. Senken Sie ihr Minimum.</translation>
        </message>
        <message>
            <source>Municipality {name}: the locked-in parcels give {low:,.0f} eco-points, more than its maximum of {limit:,.0f}. Unlock parcels or raise the maximum.</source>
            <translation>Gemeinde {name}: die festgelegten Flurstücke geben {low:,.0f} Wertpunkte, mehr als ihr Maximum von {limit:,.0f}. Heben Sie Festlegungen auf oder erhöhen Sie das Maximum.</translation>
        </message>
        <message>
            <source>Municipality {name}: the locked-in parcels take {low:,.0f} m², more than its area cap of {limit:,.0f} m². Unlock parcels or raise the cap.</source>
            <translation>Gemeinde {name}: die festgelegten Flurstücke nehmen {low:,.0f} m², mehr als ihre Flächengrenze von {limit:,.0f} m². Heben Sie Festlegungen auf oder erhöhen Sie die Grenze.</translation>
        </message>
        <message>
            <source>Municipality | candidates | area ha | uplift points | selected points | selected: nitrate avoided kg N/a | CO2 stored t/a</source>
            <translation>Gemeinde | Kandidaten | Fläche ha | Aufwertung Wertpunkte | ausgewählte Wertpunkte | ausgewählt: Nitrat vermieden kg N/a | CO2 gebunden t/a</translation>
        </message>
        <message>
            <source>Nearest river cell</source>
            <translation>Nächstgelegene Gewässerzelle</translation>
        </message>
        <message>
            <source>Nearest river cell: each cell's height is taken above the water level of the nearest river cell (straight line).</source>
            <translation>Nächstgelegene Gewässerzelle: die Höhe jeder Zelle über dem Wasserspiegel der nächsten Gewässerzelle (Luftlinie).</translation>
        </message>
        <message>
            <source>Network gaps</source>
            <translation>Verbundlücken</translation>
        </message>
        <message>
            <source>Nitrate and carbon: percolation {source}; default {mm:g} mm/a (an assumption unless you entered your catchment's value).</source>
            <translation>Nitrat und Kohlenstoff: Sickerwasser {source}; ohne Raster {mm:g} mm/a (eine Annahme, sofern Sie nicht den Wert Ihres Einzugsgebiets eingetragen haben).</translation>
        </message>
        <message>
            <source>Nitrate leaching avoided inside the protection zones</source>
            <translation>Vermiedene Nitratauswaschung in den Schutzzonen</translation>
        </message>
        <message>
            <source>No built-up areas were given (BUILTUP): all strips were drawn with the width outside built-up areas.</source>
            <translation>Es wurden keine Ortslagen angegeben (BUILTUP): alle Streifen wurden mit der Breite außerhalb der Ortslagen gezeichnet.</translation>
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
            <source>No carbon estimate for {count} candidate areas: the value table names no land state after the measure (columns state_now, state_target, pik_state_target), or the factor table {table} has no sourced stock change factor for it: {listed}.</source>
            <translation>Keine Kohlenstoffschätzung für {count} Kandidatenflächen: die Wertetabelle nennt keinen Land-Zustand nach der Maßnahme (Spalten state_now, state_target, pik_state_target), oder die Faktortabelle {table} hat dafür keinen belegten Vorratsänderungsfaktor: {listed}.</translation>
        </message>
        <message>
            <source>No cell measured from a river inside the official flood zones lies in them, so no height could be fitted; only the zones of THRESHOLDS are given. Check that the official zones lie along the rivers of the river layer.</source>
            <translation>Keine Zelle, die von einem Gewässer in den festgesetzten Überschwemmungsgebieten aus gemessen wird, liegt in ihnen; daher ließ sich keine Höhe anpassen, es entstehen nur die Zonen aus THRESHOLDS. Prüfen, ob die festgesetzten Gebiete an den Gewässern des Gewässer-Layers liegen.</translation>
        </message>
        <message>
            <source>No dispersal kernel: PC, ECA and dPC are left empty. They belong to the species: choose a SPECIES_PRESET or enter DISPERSAL_COST (the cost at which half of the individuals still arrive) or MAX_COST.</source>
            <translation>Kein Ausbreitungskern: PC, ECA und dPC bleiben leer. Sie gehören zur Art: Wählen Sie eine SPECIES_PRESET oder geben Sie DISPERSAL_COST (die Kosten, bei denen noch die Hälfte der Individuen ankommt) oder MAX_COST an.</translation>
        </message>
        <message>
            <source>No land use given (LANDUSE): the WHG §38a slope band was drawn on all land (slope_scope 'all land (no land use given)'), although §38a binds farmland only.</source>
            <translation>Keine Nutzung angegeben (LANDUSE): Der Hangstreifen nach WHG §38a wurde auf allen Flächen gezeichnet (slope_scope „all land (no land use given)“), obwohl §38a nur landwirtschaftlich genutzte Flächen bindet.</translation>
        </message>
        <message>
            <source>No link between the {count} patches is possible: impassable cells (nodata or resistance ≤ 0) separate every patch from every other. Check the resistance around the patches.</source>
            <translation>Zwischen den {count} Kernflächen ist keine Verbindung möglich: Unpassierbare Zellen (NoData oder Widerstand ≤ 0) trennen jede Kernfläche von allen anderen. Prüfen Sie den Widerstand rund um die Kernflächen.</translation>
        </message>
        <message>
            <source>No municipality gives more than this share of its candidate area (100 = no cap). Needs MUNICIPALITIES.</source>
            <translation>Keine Gemeinde gibt mehr als diesen Anteil ihrer Kandidatenfläche (100 = keine Obergrenze). Braucht MUNICIPALITIES.</translation>
        </message>
        <message>
            <source>No nitrate estimate for {count} candidate areas: the value table names no land state after the measure (columns state_now, state_target, pik_state_target), or the factor table {table} has no sourced nitrogen surplus for it: {listed}.</source>
            <translation>Keine Nitratschätzung für {count} Kandidatenflächen: die Wertetabelle nennt keinen Land-Zustand nach der Maßnahme (Spalten state_now, state_target, pik_state_target), oder die Faktortabelle {table} hat dafür keinen belegten Stickstoffüberschuss: {listed}.</translation>
        </message>
        <message>
            <source>No selection of whole parcels meets all constraints (a selection of parcel fractions would). Relax a cap or lower the demand.</source>
            <translation>Keine Auswahl ganzer Flurstücke erfüllt alle Vorgaben (eine Auswahl von Flurstücksanteilen täte es). Lockern Sie eine Grenze oder senken Sie den Bedarf.</translation>
        </message>
        <message>
            <source>No selection was found within the time limit of {seconds:.0f} s. Raise the time limit.</source>
            <translation>Innerhalb der Zeitgrenze von {seconds:.0f} s wurde keine Auswahl gefunden. Erhöhen Sie die Zeitgrenze.</translation>
        </message>
        <message>
            <source>None of the {count} river lines crosses a DEM cell with data. Check that the DEM covers the rivers (extent, nodata) and that both layers have the right CRS.</source>
            <translation>Keine der {count} Gewässerlinien berührt eine DGM-Zelle mit Daten. Prüfen Sie, ob das DGM die Gewässer abdeckt (Ausdehnung, NoData) und ob beide Layer das richtige KBS haben.</translation>
        </message>
        <message>
            <source>None of the {pairs} possible links remains ({third} pass through a third patch, {expensive} cost more than MAX_COST): the {count} patches are isolated (each its own component).</source>
            <translation>Keine der {pairs} möglichen Verbindungen bleibt ({third} führen durch eine dritte Kernfläche, {expensive} kosten mehr als MAX_COST): Die {count} Kernflächen sind isoliert (jede ihre eigene Komponente).</translation>
        </message>
        <message>
            <source>None: use MAX_COST</source>
            <translation>Keine: MAX_COST verwenden</translation>
        </message>
        <message>
            <source>Not a running minimum (one pit would lower the whole river below it) and not a least-squares fit (a 5 m pit would pull a long stretch down). Tributaries are kept at or above the level of the river they join. Off: the raw DEM value of each river cell.</source>
            <translation>Kein laufendes Minimum (eine Senke würde das ganze Gewässer unterhalb absenken) und keine Anpassung nach kleinsten Quadraten (eine 5-m-Senke zöge einen langen Abschnitt herunter). Nebengewässer bleiben mindestens auf dem Spiegel des Gewässers, in das sie münden. Aus: der rohe DGM-Wert jeder Gewässerzelle.</translation>
        </message>
        <message>
            <source>Number of candidates</source>
            <translation>Anzahl der Kandidaten</translation>
        </message>
        <message>
            <source>Number of components</source>
            <translation>Anzahl der Komponenten</translation>
        </message>
        <message>
            <source>Number of links</source>
            <translation>Anzahl der Verbindungen</translation>
        </message>
        <message>
            <source>Number of random weightings (±50 % around each weight) for the selection frequency and the robust picks in the report. 0: off.</source>
            <translation>Anzahl zufälliger Gewichtungen (±50 % um jedes Gewicht) für die Auswahlhäufigkeit und die robusten Flächen im Bericht. 0: aus.</translation>
        </message>
        <message>
            <source>Number of random weightings around the weights above; each candidate gets the share of them in which the walk by rank selects it (sel_freq) and its rank range. 0 = off.</source>
            <translation>Anzahl zufälliger Gewichtungen um die Gewichte oben; jeder Kandidat erhält den Anteil, in dem die Auswahl nach Rang ihn wählt (sel_freq), und seine Rangspanne. 0 = aus.</translation>
        </message>
        <message>
            <source>Numeric field of the candidate layer, e.g. land value or lease per m², for the cost objective. NULL counts 0.</source>
            <translation>Zahlenfeld der Kandidatenschicht, z. B. Bodenwert oder Pacht je m², für das Kostenziel. NULL zählt 0.</translation>
        </message>
        <message>
            <source>Numeric field of the municipality layer: the eco-points each municipality may supply at most (NULL = no cap).</source>
            <translation>Zahlenfeld der Gemeindeschicht: so viele Wertpunkte darf jede Gemeinde höchstens liefern (NULL = keine Obergrenze).</translation>
        </message>
        <message>
            <source>Numeric field of the municipality layer: the eco-points each municipality must supply at least (NULL = no minimum).</source>
            <translation>Zahlenfeld der Gemeindeschicht: so viele Wertpunkte muss jede Gemeinde mindestens liefern (NULL = keine Untergrenze).</translation>
        </message>
        <message>
            <source>Numeric field with the channel width in metres (e.g. from the ATKIS width class). The strip starts half of it away from the line, at the bank (SächsWG §24(1), WHG §38(2)). Empty values use the default channel width. Ignored for polygons.</source>
            <translation>Numerisches Feld mit der Gewässerbreite in Metern (z. B. aus der ATKIS-Breitenklasse). Der Streifen beginnt die halbe Breite von der Linie entfernt, am Ufer (SächsWG §24 Abs. 1, WHG §38 Abs. 2). Leere Werte verwenden die Standard-Gewässerbreite. Bei Polygonen ohne Bedeutung.</translation>
        </message>
        <message>
            <source>Numeric field with the horizontal width of the bank slope on each side, from the water line to the top of the bank, in metres. The strip starts that much farther out. Empty values use the bank rule below.</source>
            <translation>Zahlenfeld mit der waagerechten Breite der Böschung je Seite, von der Wasserlinie bis zur Böschungsoberkante, in Metern. Der Streifen beginnt entsprechend weiter außen. Leere Werte verwenden die Böschungsregel unten.</translation>
        </message>
        <message>
            <source>Numeric field with the ratio of corridor width to channel width per feature (LAWA 2019: from the sinuosity of the river type). Empty values use the corridor factor below.</source>
            <translation>Numerisches Feld mit dem Verhältnis von Korridorbreite zu Gewässerbreite je Objekt (LAWA 2019: aus dem Windungsgrad des Gewässertyps). Leere Werte verwenden den Korridorfaktor unten.</translation>
        </message>
        <message>
            <source>Numeric field with the soil taxation index (7–100). Arable land at or above the threshold gets production-integrated compensation (PIK) instead of conversion (BNatSchG §15(3); PIK measures: BKompV §11(1) with Anlage 6 A).</source>
            <translation>Zahlenfeld mit der Bodenzahl der Bodenschätzung (7–100). Ackerland ab der Schwelle erhält produktionsintegrierte Kompensation (PIK) statt Umwandlung (BNatSchG §15 Abs. 3; PIK-Maßnahmen: BKompV §11 Abs. 1 mit Anlage 6 A).</translation>
        </message>
        <message>
            <source>Numeric field: the resistance of each polygon (0 = impassable; negative or NaN values are refused, NULL gets DEFAULT_RESISTANCE). Text field (or any field with RESISTANCE_TABLE): a land-use code looked up in the resistance table, e.g. the 'nutzung' codes 43001_1010 (arable) or 43002 (forest).</source>
            <translation>Zahlenfeld: der Widerstand jedes Polygons (0 = unpassierbar; negative Werte oder NaN werden abgelehnt, NULL erhält DEFAULT_RESISTANCE). Textfeld (oder jedes Feld zusammen mit RESISTANCE_TABLE): ein Nutzungscode, der in der Widerstandstabelle nachgeschlagen wird, z. B. die „nutzung“-Codes 43001_1010 (Acker) oder 43002 (Wald).</translation>
        </message>
        <message>
            <source>OUTPUT_CORRIDOR_RASTER is written as GeoTIFF: give a file name ending in .tif.</source>
            <translation>OUTPUT_CORRIDOR_RASTER wird als GeoTIFF geschrieben: Geben Sie einen Dateinamen mit der Endung .tif an.</translation>
        </message>
        <message>
            <source>OUTPUT_HEIGHT is written as GeoTIFF: give a file name ending in .tif.</source>
            <translation>OUTPUT_HEIGHT wird als GeoTIFF geschrieben: geben Sie einen Dateinamen mit der Endung .tif an.</translation>
        </message>
        <message>
            <source>OUTPUT_LINKS of wertvoll:biotopecorridors (fields from_id, to_id, cost, prob). With NETWORK_PATCHES each candidate gets gain_eca: the ECA (m²) the network gains when the candidate gets TARGET_RESISTANCE.</source>
            <translation>OUTPUT_LINKS von wertvoll:biotopecorridors (Felder from_id, to_id, cost, prob). Mit NETWORK_PATCHES erhält jeder Kandidat gain_eca: die ECA (m²), die das Netz gewinnt, wenn der Kandidat TARGET_RESISTANCE erhält.</translation>
        </message>
        <message>
            <source>OUTPUT_PATCHES of the same run of wertvoll:biotopecorridors (fields patch_id, area_m2).</source>
            <translation>OUTPUT_PATCHES desselben Laufs von wertvoll:biotopecorridors (Felder patch_id, area_m2).</translation>
        </message>
        <message>
            <source>Objective of the optimal selection</source>
            <translation>Ziel der optimalen Auswahl</translation>
        </message>
        <message>
            <source>Objective units (m² for the farmland and area objectives) subtracted for each metre of boundary two selected parts share: compact blocks are cheaper to manage. 0 = off.</source>
            <translation>Zieleinheiten (m² bei den Zielen Landwirtschaftsfläche und Fläche), die je Meter gemeinsamer Grenze zweier gewählter Teile abgezogen werden: zusammenhängende Blöcke sind billiger zu pflegen. 0 = aus.</translation>
        </message>
        <message>
            <source>Official flood zones</source>
            <translation>Festgesetzte Überschwemmungsgebiete</translation>
        </message>
        <message>
            <source>Official flood zones (HQ100, WHG §76, SächsWG §72) become zone 0; where they exist, the height that reproduces them best is fitted per river class and carried over to the rivers without one (zone 100, 'estimated HQ100 (calibrated)').</source>
            <translation>Festgesetzte Überschwemmungsgebiete (HQ100, WHG §76, SächsWG §72) werden Zone 0; wo es sie gibt, wird je Gewässerklasse die Höhe angepasst, die sie am besten wiedergibt, und auf die Gewässer ohne festgesetztes Gebiet übertragen (Zone 100, „geschätztes HQ100 (kalibriert)“).</translation>
        </message>
        <message>
            <source>On: the level along each river is the falling profile closest to the DEM values in the sum of absolute differences (robust isotonic regression, median-based). A pit or bridge pools only with a stretch about as long as itself; downstream of that the level is the DEM again.</source>
            <translation>Ein: Der Spiegel entlang jedes Gewässers ist das fallende Profil, das den DGM-Werten in der Summe der absoluten Abweichungen am nächsten liegt (robuste isotone Regression, medianbasiert). Eine Senke oder Brücke wird nur mit einer Strecke etwa ihrer eigenen Länge gemittelt; unterhalb davon ist der Spiegel wieder das DGM.</translation>
        </message>
        <message>
            <source>One line per link along its least-cost path (through cell centres, 8-connected): from_id, to_id, cost, length_m, euclid_m (shortest distance between the two patches), cost_per_length, mean_resistance, max_resistance (of the path's cells) and gap_m (length on gap cells).</source>
            <translation>Eine Linie je Verbindung entlang ihres kostengünstigsten Weges (durch die Zellmittelpunkte, 8er-Nachbarschaft): from_id, to_id, cost, length_m, euclid_m (kürzester Abstand der beiden Kernflächen), cost_per_length, mean_resistance, max_resistance (der Wegzellen) und gap_m (Länge auf Lückenzellen).</translation>
        </message>
        <message>
            <source>One multipolygon per link: the cells within the corridor tolerance (they include the near edges of both patches), with from_id, to_id and area_m2.</source>
            <translation>Ein Multipolygon je Verbindung: die Zellen innerhalb der Korridortoleranz (einschließlich der zugewandten Ränder beider Kernflächen), mit from_id, to_id und area_m2.</translation>
        </message>
        <message>
            <source>One multipolygon per zone with zone (0 = official, 1.. = estimated), threshold_m (an assumption), label, area_m2 and note (what the law says there), in the CRS of the DEM. Zones without cells are left out.</source>
            <translation>Ein Multipolygon je Zone mit zone (0 = amtlich, 1.. = geschätzt), threshold_m (eine Annahme), label, area_m2 und note (was das Recht dort sagt), im KBS des DGM. Zonen ohne Zellen entfallen.</translation>
        </message>
        <message>
            <source>One polygon per remaining candidate part with value, measure, uplift, co-benefit shares, score, rank, selection and legal notes.</source>
            <translation>Ein Polygon je verbleibendem Kandidatenteil mit Wert, Maßnahme, Aufwertung, Zusatznutzen-Anteilen, Bewertung, Rang, Auswahl und Rechtshinweisen.</translation>
        </message>
        <message>
            <source>Only the compensation candidates and the balance per municipality must be saved; every other result is a temporary layer unless you give it a file. Open the model in the Graphical Modeler to change any step.</source>
            <translation>Nur die Kompensationskandidaten und die Bilanz je Gemeinde müssen gespeichert werden; jedes andere Ergebnis ist ein temporärer Layer, wenn Sie keine Datei angeben. Öffnen Sie das Modell im Grafischen Modellierer, um einen Schritt zu ändern.</translation>
        </message>
        <message>
            <source>Only {kept} of {count} patches can be analysed ({outside} outside the resistance grid, {small} smaller than MIN_PATCH_AREA); links need at least two. Check that the patches and the resistance cover the same area, or lower MIN_PATCH_AREA.</source>
            <translation>Nur {kept} von {count} Kernflächen können ausgewertet werden ({outside} außerhalb des Widerstandsrasters, {small} kleiner als MIN_PATCH_AREA); Verbindungen brauchen mindestens zwei. Prüfen Sie, ob Kernflächen und Widerstand dasselbe Gebiet abdecken, oder senken Sie MIN_PATCH_AREA.</translation>
        </message>
        <message>
            <source>Only {kept} of {count} patches keep a cell of their own on cells of {cell} m: the others lie on the same cells. Choose a smaller CELL_SIZE or a finer resistance raster, or merge the patches (same PATCH_ID_FIELD value).</source>
            <translation>Nur {kept} von {count} Kernflächen behalten bei {cell}-m-Zellen eine eigene Zelle: die übrigen liegen auf denselben Zellen. Wählen Sie eine kleinere CELL_SIZE oder ein feineres Widerstandsraster, oder fassen Sie die Kernflächen zusammen (gleicher Wert in PATCH_ID_FIELD).</translation>
        </message>
        <message>
            <source>Open after export</source>
            <translation>Nach dem Export öffnen</translation>
        </message>
        <message>
            <source>Optimal (mixed-integer program)</source>
            <translation>Optimal (gemischt-ganzzahliges Programm)</translation>
        </message>
        <message>
            <source>Optimal selection: MIP gap (%)</source>
            <translation>Optimale Auswahl: MIP-Lücke (%)</translation>
        </message>
        <message>
            <source>Optimal selection: gap {gap:.2%} not reached yet, solving again with {count} free candidates …</source>
            <translation>Optimale Auswahl: Lücke {gap:.2%} noch nicht erreicht, löse erneut mit {count} freien Kandidaten …</translation>
        </message>
        <message>
            <source>Optimal selection: status</source>
            <translation>Optimale Auswahl: Status</translation>
        </message>
        <message>
            <source>Optimal selection: {status}, MIP gap {gap:.2f} %, {seconds:.1f} s; farmland taken out of farming {optimal:,.0f} m² against {greedy:,.0f} m² by rank.</source>
            <translation>Optimale Auswahl: {status}, MIP-Lücke {gap:.2f} %, {seconds:.1f} s; aus der Nutzung genommene Landwirtschaftsfläche {optimal:,.0f} m² gegenüber {greedy:,.0f} m² nach Rang.</translation>
        </message>
        <message>
            <source>Optimal selection: {status}, objective {objective:,.0f}, gap {gap:.2%} ({rounds} rounds).</source>
            <translation>Optimale Auswahl: {status}, Zielwert {objective:,.0f}, Lücke {gap:.2%} ({rounds} Runden).</translation>
        </message>
        <message>
            <source>Optional GeoTIFF (float32) of the relative height DEM − water level of the nearest river cell in metres; nodata beyond MAX_DISTANCE and on DEM nodata.</source>
            <translation>Optionales GeoTIFF (float32) der relativen Höhe DGM − Wasserspiegel der nächstgelegenen Gewässerzelle in Metern; NoData jenseits von MAX_DISTANCE und auf NoData-Zellen des DGM.</translation>
        </message>
        <message>
            <source>Optional GeoTIFF (float32): per cell the least cwd_a + cwd_b − cost_ab over the links whose corridor holds it (0 on the paths); nodata elsewhere.</source>
            <translation>Optionales GeoTIFF (float32): je Zelle das kleinste cwd_a + cwd_b − cost_ab über die Verbindungen, in deren Korridor sie liegt (0 auf den Wegen); sonst NoData.</translation>
        </message>
        <message>
            <source>Output 'Compensation candidates' of the compensation-area screening.</source>
            <translation>Ergebnis „Kompensationskandidaten“ des Kompensationsflächen-Screenings.</translation>
        </message>
        <message>
            <source>Output 'Development corridors' of the riparian-strips algorithm.</source>
            <translation>Ergebnis „Entwicklungskorridore“ des Gewässerrandstreifen-Algorithmus.</translation>
        </message>
        <message>
            <source>Output 'Exposure per zone' of the flood-risk algorithm (a table).</source>
            <translation>Ergebnis „Betroffenheit je Zone“ des Hochwasser-Algorithmus (eine Tabelle).</translation>
        </message>
        <message>
            <source>Output 'Flood-risk zones' of the flood-risk algorithm.</source>
            <translation>Ergebnis „Hochwasserrisikozonen“ des Hochwasser-Algorithmus.</translation>
        </message>
        <message>
            <source>Output 'Gaps' of the biotope-corridor algorithm.</source>
            <translation>Ergebnis „Lücken“ des Biotopverbund-Algorithmus.</translation>
        </message>
        <message>
            <source>Output 'Land use inside strips and corridors' of the riparian-strips algorithm (a table): the land-use conflicts of the report.</source>
            <translation>Ergebnis „Nutzung in Randstreifen und Korridoren“ des Gewässerrandstreifen-Algorithmus (eine Tabelle): die Nutzungskonflikte des Berichts.</translation>
        </message>
        <message>
            <source>Output 'Links' of the biotope-corridor algorithm.</source>
            <translation>Ergebnis „Verbindungen“ des Biotopverbund-Algorithmus.</translation>
        </message>
        <message>
            <source>Output 'Patches' of the biotope-corridor algorithm (with dPC).</source>
            <translation>Ergebnis „Kernflächen“ des Biotopverbund-Algorithmus (mit dPC).</translation>
        </message>
        <message>
            <source>Output 'Riparian strips' of the riparian-strips algorithm.</source>
            <translation>Ergebnis „Gewässerrandstreifen“ des Gewässerrandstreifen-Algorithmus.</translation>
        </message>
        <message>
            <source>Output 'Summary per municipality' of the screening (a table). Optional: the report sums the candidates itself when it is empty.</source>
            <translation>Ergebnis „Zusammenfassung je Gemeinde“ des Screenings (eine Tabelle). Optional: Ohne sie summiert der Bericht die Kandidaten selbst.</translation>
        </message>
        <message>
            <source>Outside every designated zone this may hint at a flood area not yet determined: ask the water authority before planting trees or shrubs or converting grassland.</source>
            <translation>Außerhalb jedes festgesetzten Gebiets kann dies auf ein noch nicht ermitteltes Überschwemmungsgebiet hinweisen: Fragen Sie die Wasserbehörde, bevor Sie Bäume oder Sträucher pflanzen oder Grünland umwandeln.</translation>
        </message>
        <message>
            <source>Overlaying the co-benefits (drinking water, flood, riparian strips, biotope network) on {count} candidate areas …</source>
            <translation>Zusatznutzen (Trinkwasser, Hochwasser, Gewässerrandstreifen, Biotopverbund) mit {count} Kandidatenflächen verschneiden …</translation>
        </message>
        <message>
            <source>Own land-state factor table (CSV)</source>
            <translation>Eigene Tabelle der Land-Zustände (CSV)</translation>
        </message>
        <message>
            <source>Own soil-class table (CSV)</source>
            <translation>Eigene Bodenklassen-Tabelle (CSV)</translation>
        </message>
        <message>
            <source>Own template folder (optional)</source>
            <translation>Eigener Vorlagenordner (optional)</translation>
        </message>
        <message>
            <source>Own templates</source>
            <translation>Eigene Vorlagen</translation>
        </message>
        <message>
            <source>Own templates …</source>
            <translation>Eigene Vorlagen …</translation>
        </message>
        <message>
            <source>Own value table (CSV, replaces the method)</source>
            <translation>Eigene Wertetabelle (CSV, ersetzt die Methode)</translation>
        </message>
        <message>
            <source>Own value table {file}</source>
            <translation>Eigene Wertetabelle {file}</translation>
        </message>
        <message>
            <source>PDF …</source>
            <translation>PDF …</translation>
        </message>
        <message>
            <source>PIK soil threshold</source>
            <translation>Bodenzahl-Schwelle für PIK</translation>
        </message>
        <message>
            <source>PIK soil threshold {value:.1f}: the area-weighted mean soil index of the candidates, standing in for the district (an assumption; BKompV §10(2) judges by the Landkreis or kreisfreie Stadt: enter its figure as PIK_SOIL_THRESHOLD).</source>
            <translation>PIK-Bodenzahlschwelle {value:.1f}: das flächengewichtete Mittel der Bodenzahl der Kandidaten, stellvertretend für den Landkreis (eine Annahme; BKompV §10 Abs. 2 bemisst nach Landkreis oder kreisfreier Stadt: tragen Sie deren Wert als PIK_SOIL_THRESHOLD ein).</translation>
        </message>
        <message>
            <source>PIK soil threshold {value:g} (PIK_SOIL_THRESHOLD).</source>
            <translation>PIK-Bodenzahlschwelle {value:g} (PIK_SOIL_THRESHOLD).</translation>
        </message>
        <message>
            <source>Parcels with their land-use code</source>
            <translation>Flurstücke mit Nutzungsschlüssel</translation>
        </message>
        <message>
            <source>Parcels with their land-use code (ALKIS): candidates, land use in strips, resistance.</source>
            <translation>Flurstücke mit Nutzungsschlüssel (ALKIS): Kandidaten, Nutzung in Randstreifen, Widerstand.</translation>
        </message>
        <message>
            <source>Parts left after the exclusions that are smaller than this are dropped.</source>
            <translation>Nach den Ausschlüssen verbleibende Teile, die kleiner sind, entfallen.</translation>
        </message>
        <message>
            <source>Patch id field</source>
            <translation>Feld mit der Kernflächenkennung</translation>
        </message>
        <message>
            <source>Patch id {id} occurs twice in the patches layer. Use the patches of one run of the biotope-corridor tool.</source>
            <translation>Die Kernflächen-ID {id} kommt in der Kernflächenschicht zweimal vor. Verwenden Sie die Kernflächen eines Laufs der Biotopverbund-Analyse.</translation>
        </message>
        <message>
            <source>Patches (after merging by id) smaller than this are left out, with a message. Default 10,000 m² = 1 ha (an assumption, not a legal value).</source>
            <translation>Kernflächen (nach dem Zusammenfassen nach Kennung), die kleiner sind, bleiben mit einer Meldung unberücksichtigt. Vorgabe 10.000 m² = 1 ha (eine Annahme, kein gesetzlicher Wert).</translation>
        </message>
        <message>
            <source>Patches with importance</source>
            <translation>Kernflächen mit Bedeutung</translation>
        </message>
        <message>
            <source>Path cells with at least this resistance (outside the two patches) form the gaps. Default 50 = arable land in the shipped table (an assumption): gaps are where the path crosses arable land, settlements or roads. Adjust it to the scale of your own RESISTANCE raster.</source>
            <translation>Wegzellen mit mindestens diesem Widerstand (außerhalb der beiden Kernflächen) bilden die Lücken. Vorgabe 50 = Acker in der mitgelieferten Tabelle (eine Annahme): Lücken sind dort, wo der Weg Acker, Siedlung oder Straßen quert. Passen Sie den Wert an die Skala Ihres eigenen RESISTANCE-Rasters an.</translation>
        </message>
        <message>
            <source>Percolation raster (mm/a)</source>
            <translation>Sickerwasser-Raster (mm/a)</translation>
        </message>
        <message>
            <source>Percolation where the raster gives none, or for all candidates without a raster. The default 85 mm/a is an assumption (Annahme): about 15 % of Leipzig's 557 mm of precipitation in a lowland with a negative climatic water balance.</source>
            <translation>Sickerwasserrate, wo das Raster keinen Wert hat, oder für alle Kandidaten ohne Raster. Der Vorgabewert 85 mm/a ist eine Annahme: etwa 15 % der 557 mm Niederschlag Leipzigs in einem Tiefland mit negativer klimatischer Wasserbilanz.</translation>
        </message>
        <message>
            <source>Polygon layers removed from the candidates: settlements, roads, water, existing compensation or eco-account areas (KoKa-Nat), high-value biotopes.</source>
            <translation>Polygon-Layer, die von den Kandidaten abgezogen werden: Siedlung, Verkehr, Gewässer, bestehende Kompensations- oder Ökokontoflächen (KoKa-Nat), hochwertige Biotope.</translation>
        </message>
        <message>
            <source>Polygons (hatched) of the cells with a height where the terrain cannot separate floodplain from upland: flag 1 low relief, 2 level surface, 3 both; with reason and area_m2. Zones there are decided by flatness, not by a terrain step: read them as 'cannot tell', not as confident rings.</source>
            <translation>Polygone (schraffiert) der Zellen mit Höhe, in denen das Gelände Aue und Hochfläche nicht trennen kann: flag 1 geringes Relief, 2 ebene Fläche, 3 beides; mit reason und area_m2. Zonen entscheidet dort die Flachheit, nicht eine Geländestufe: als „unentschieden“ lesen, nicht als sichere Ringe.</translation>
        </message>
        <message>
            <source>Polygons of candidate land: ALKIS parcels (Flurstücke) or land-use polygons, any CRS.</source>
            <translation>Polygone der Kandidatenflächen: ALKIS-Flurstücke oder Nutzungsflächen, beliebiges KBS.</translation>
        </message>
        <message>
            <source>Polygons of the core habitat patches (Kernflächen): FFH sites, forests, wetlands. Any CRS: they are transformed to the CRS of the analysis. Holes are fine; patches smaller than a cell keep at least one cell.</source>
            <translation>Polygone der Kernflächen des Biotopverbunds: FFH-Gebiete, Wälder, Feuchtgebiete. Beliebiges KBS: Sie werden in das KBS der Analyse transformiert. Löcher sind erlaubt; Kernflächen kleiner als eine Zelle behalten mindestens eine Zelle.</translation>
        </message>
        <message>
            <source>Polygons or points to tabulate per zone: parcels or land use, settlements, planned compensation measures. In designated zones (zone 0) WHG §78a(1) nos. 6-8 restrict plantings, converting grassland to arable and floodplain forest; retention is a synergy (WHG §77).</source>
            <translation>Polygone oder Punkte, die je Zone tabelliert werden: Flurstücke oder Nutzung, Siedlungen, geplante Kompensationsmaßnahmen. In festgesetzten Gebieten (Zone 0) beschränkt WHG §78a Abs. 1 Nr. 6–8 Pflanzungen, die Umwandlung von Grünland in Ackerland und Auwald; Retention ist eine Synergie (WHG §77).</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Vorschau</translation>
        </message>
        <message>
            <source>Preview updated.</source>
            <translation>Vorschau aktualisiert.</translation>
        </message>
        <message>
            <source>Price field (per m²)</source>
            <translation>Preisfeld (je m²)</translation>
        </message>
        <message>
            <source>Probability of connectivity (PC)</source>
            <translation>Verbindungswahrscheinlichkeit (PC)</translation>
        </message>
        <message>
            <source>RULESET is '{value}'; use one of saxony, federal, custom.</source>
            <translation>RULESET ist '{value}'; verwenden Sie saxony, federal oder custom.</translation>
        </message>
        <message>
            <source>Random weightings for the selection frequency</source>
            <translation>Zufallsgewichtungen für die Auswahlhäufigkeit</translation>
        </message>
        <message>
            <source>Rasterizing the patches on {rows} × {cols} cells of {cell} m</source>
            <translation>Kernflächen werden auf {rows} × {cols} Zellen zu {cell} m gerastert</translation>
        </message>
        <message>
            <source>Reading the result layers …</source>
            <translation>Ergebnislayer lesen …</translation>
        </message>
        <message>
            <source>Render the template's maps (map, legend, scale bar, north arrow) from the slot layers.</source>
            <translation>Die Karten der Vorlage (Karte, Legende, Maßstabsleiste, Nordpfeil) aus den übergebenen Layern zeichnen.</translation>
        </message>
        <message>
            <source>Report from a template (HTML, Word)</source>
            <translation>Bericht aus einer Vorlage (HTML, Word)</translation>
        </message>
        <message>
            <source>Report language</source>
            <translation>Berichtssprache</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Berichte</translation>
        </message>
        <message>
            <source>Resistance after the measure</source>
            <translation>Widerstand nach der Maßnahme</translation>
        </message>
        <message>
            <source>Resistance of a candidate once its measure is done. Default 10, as fallow land in the shipped table: an assumption of the plugin.</source>
            <translation>Widerstand eines Kandidaten nach der Maßnahme. Vorgabe 10, wie Brachland in der mitgelieferten Tabelle: eine Annahme des Plugins.</translation>
        </message>
        <message>
            <source>Resistance of cells outside every land-use polygon, of codes missing from the table (listed in a warning) and of NULL values. Default 50, like arable land in the shipped table (an assumption: unknown land counts as intensively used).</source>
            <translation>Widerstand für Zellen außerhalb aller Nutzungspolygone, für Codes, die in der Tabelle fehlen (in einer Warnung aufgelistet), und für NULL-Werte. Vorgabe 50 wie Acker in der mitgelieferten Tabelle (eine Annahme: unbekannte Flächen gelten als intensiv genutzt).</translation>
        </message>
        <message>
            <source>Resistance or land-use code field</source>
            <translation>Feld mit Widerstand oder Nutzungscode</translation>
        </message>
        <message>
            <source>Resistance raster</source>
            <translation>Widerstandsraster</translation>
        </message>
        <message>
            <source>Resistance table (CSV)</source>
            <translation>Widerstandstabelle (CSV)</translation>
        </message>
        <message>
            <source>Resistance table {path} cannot be read ({reason}). Check the path and that the file exists.</source>
            <translation>Die Widerstandstabelle {path} kann nicht gelesen werden ({reason}). Prüfen Sie den Pfad und ob die Datei existiert.</translation>
        </message>
        <message>
            <source>Resistance table {path} has no rows. Add one line per land-use code: code;label;resistance.</source>
            <translation>Die Widerstandstabelle {path} hat keine Zeilen. Fügen Sie je Nutzungscode eine Zeile hinzu: code;label;resistance.</translation>
        </message>
        <message>
            <source>Resistance table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.</source>
            <translation>Die Widerstandstabelle {path} ist kein UTF-8-Text. Speichern Sie sie als „CSV UTF-8“ und starten Sie erneut.</translation>
        </message>
        <message>
            <source>Resistance table {path}, line {line}: each row needs a code and a resistance greater than 0 (found '{code}', '{resistance}'). Correct the line.</source>
            <translation>Widerstandstabelle {path}, Zeile {line}: Jede Zeile braucht einen Code und einen Widerstand größer als 0 (gefunden: „{code}“, „{resistance}“). Korrigieren Sie die Zeile.</translation>
        </message>
        <message>
            <source>Resistance table {path}, line {line}: the header lacks the column(s) {missing}. The first line must name the columns code;label;resistance (source and status are optional).</source>
            <translation>Widerstandstabelle {path}, Zeile {line}: In der Kopfzeile fehlt/fehlen die Spalte(n) {missing}. Die erste Zeile muss die Spalten code;label;resistance benennen (source und status sind optional).</translation>
        </message>
        <message>
            <source>Resistance table {path}: code '{code}' appears on line {first} and on line {line}. Keep one of the two lines.</source>
            <translation>Widerstandstabelle {path}: Der Code „{code}“ steht in Zeile {first} und in Zeile {line}. Behalten Sie eine der beiden Zeilen.</translation>
        </message>
        <message>
            <source>Riparian strips</source>
            <translation>Gewässerrandstreifen</translation>
        </message>
        <message>
            <source>Riparian strips and corridors</source>
            <translation>Gewässerrandstreifen und -korridore</translation>
        </message>
        <message>
            <source>Riparian strips and development corridors</source>
            <translation>Gewässerrandstreifen und Entwicklungskorridore</translation>
        </message>
        <message>
            <source>Riparian strips or river development corridors, e.g. from wertvoll:riparianstrips (SächsWG §24, WHG §38).</source>
            <translation>Gewässerrandstreifen oder Gewässerentwicklungskorridore, z. B. aus wertvoll:riparianstrips (SächsWG §24, WHG §38).</translation>
        </message>
        <message>
            <source>River axes (lines, e.g. ATKIS AX_Gewaesserachse) or water areas (polygons, e.g. ATKIS/ALKIS, at mean water level), any CRS. A line is the channel's centre; the edge of a polygon is the water line. The strip is measured from the top of the bank beyond (bank parameters).</source>
            <translation>Gewässerachsen (Linien, z. B. ATKIS AX_Gewaesserachse) oder Wasserflächen (Polygone, z. B. ATKIS/ALKIS, bei Mittelwasser), beliebiges KBS. Eine Linie ist die Mitte des Gewässers; der Rand eines Polygons ist die Wasserlinie. Der Streifen wird ab der Böschungsoberkante dahinter gemessen (Böschungsparameter).</translation>
        </message>
        <message>
            <source>River axes as lines, e.g. ATKIS AX_Gewaesserachse (44004), digitised in flow direction unless FLOW_DIRECTION says otherwise. Any CRS: they are transformed to the CRS of the DEM. Parts outside the DEM are left out with a warning.</source>
            <translation>Gewässerachsen als Linien, z. B. ATKIS AX_Gewaesserachse (44004), in Fließrichtung digitalisiert, sofern FLOW_DIRECTION nichts anderes sagt. Beliebiges KBS: Sie werden in das KBS des DGM umgerechnet. Teile außerhalb des DGM entfallen mit einer Warnung.</translation>
        </message>
        <message>
            <source>River cell the flow path drains to</source>
            <translation>Gewässerzelle, zu der der Fließweg führt</translation>
        </message>
        <message>
            <source>River cell the flow path drains to: above the river cell where the water of the cell reaches a river, following the terrain downhill (Priority-Flood, Barnes et al. 2014; a hollow drains over its lowest rim).</source>
            <translation>Gewässerzelle, zu der der Fließweg führt: über der Gewässerzelle, die das Wasser der Zelle dem Gelände folgend bergab erreicht (Priority-Flood, Barnes u. a. 2014; eine Senke läuft über ihren tiefsten Rand über).</translation>
        </message>
        <message>
            <source>River centre lines, e.g. ATKIS Basis-DLM watercourse axes.</source>
            <translation>Gewässerachsen, z. B. Gewässerachsen des ATKIS Basis-DLM.</translation>
        </message>
        <message>
            <source>River class field</source>
            <translation>Feld der Gewässerklasse</translation>
        </message>
        <message>
            <source>River development corridors</source>
            <translation>Gewässerentwicklungskorridore</translation>
        </message>
        <message>
            <source>River id field</source>
            <translation>Feld mit der Gewässer-ID</translation>
        </message>
        <message>
            <source>River length (m)</source>
            <translation>Gewässerlänge (m)</translation>
        </message>
        <message>
            <source>River name field</source>
            <translation>Feld mit dem Gewässernamen</translation>
        </message>
        <message>
            <source>River type field</source>
            <translation>Feld mit dem Gewässertyp</translation>
        </message>
        <message>
            <source>River-type table (CSV)</source>
            <translation>Gewässertyp-Tabelle (CSV)</translation>
        </message>
        <message>
            <source>River-type table {path} cannot be read ({reason}). Check the path and that the file exists.</source>
            <translation>Die Gewässertyp-Tabelle {path} kann nicht gelesen werden ({reason}). Prüfen Sie den Pfad und ob die Datei existiert.</translation>
        </message>
        <message>
            <source>River-type table {path} has no row 'default'. Add a row with type 'default' and the factor used for rivers without a known type.</source>
            <translation>Die Gewässertyp-Tabelle {path} hat keine Zeile 'default'. Ergänzen Sie eine Zeile mit dem Typ 'default' und dem Faktor für Gewässer ohne bekannten Typ.</translation>
        </message>
        <message>
            <source>River-type table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.</source>
            <translation>Die Gewässertyp-Tabelle {path} ist kein UTF-8-Text. Speichern Sie sie als 'CSV UTF-8' und starten Sie erneut.</translation>
        </message>
        <message>
            <source>River-type table {path}, line {line}: each row needs a type and a factor greater than 0 (found '{type}', '{factor}'). Correct the line.</source>
            <translation>Gewässertyp-Tabelle {path}, Zeile {line}: jede Zeile braucht einen Typ und einen Faktor größer als 0 (gefunden: '{type}', '{factor}'). Korrigieren Sie die Zeile.</translation>
        </message>
        <message>
            <source>River-type table {path}, line {line}: the header lacks the column(s) {missing}. The first line must name the columns type;label;factor (source and status are optional).</source>
            <translation>Gewässertyp-Tabelle {path}, Zeile {line}: in der Kopfzeile fehlt bzw. fehlen die Spalte(n) {missing}. Die erste Zeile muss die Spalten type;label;factor nennen (source und status sind optional).</translation>
        </message>
        <message>
            <source>River-type table {path}: type '{type}' appears on line {first} and on line {line}. Keep one of the two lines.</source>
            <translation>Gewässertyp-Tabelle {path}: der Typ '{type}' steht in Zeile {first} und in Zeile {line}. Behalten Sie nur eine der beiden Zeilen.</translation>
        </message>
        <message>
            <source>Rivers (lines, digitised downstream)</source>
            <translation>Gewässer (Linien, in Fließrichtung digitalisiert)</translation>
        </message>
        <message>
            <source>Rivers and water bodies</source>
            <translation>Gewässer</translation>
        </message>
        <message>
            <source>Ruleset (saxony = SächsWG §24, federal = WHG §38, custom)</source>
            <translation>Regelwerk (saxony = SächsWG §24, federal = WHG §38, custom = eigene Breiten)</translation>
        </message>
        <message>
            <source>SPECIES_PRESET replaces the MAX_COST you entered ({entered}).</source>
            <translation>SPECIES_PRESET ersetzt den eingegebenen Wert von MAX_COST ({entered}).</translation>
        </message>
        <message>
            <source>Screening {count} candidate features in {chunks} areas of up to {size} features ({threads} at a time) …</source>
            <translation>Prüfe {count} Kandidatenflächen in {chunks} Teilgebieten zu höchstens {size} Flächen ({threads} gleichzeitig) …</translation>
        </message>
        <message>
            <source>Seed of the random weightings</source>
            <translation>Startwert der Zufallsgewichtungen</translation>
        </message>
        <message>
            <source>Select the parts of a parcel together</source>
            <translation>Teile eines Flurstücks zusammen wählen</translation>
        </message>
        <message>
            <source>Selected eco-points</source>
            <translation>Gewählte Wertpunkte</translation>
        </message>
        <message>
            <source>Selecting optimally among {count} candidate parcels …</source>
            <translation>Wähle optimal unter {count} Kandidatenflächen …</translation>
        </message>
        <message>
            <source>Selection</source>
            <translation>Auswahl</translation>
        </message>
        <message>
            <source>Settlements, traffic, existing compensation areas (KoKa-Nat): never candidates.</source>
            <translation>Siedlungen, Verkehr, bestehende Kompensationsflächen (KoKa-Nat): nie Kandidaten.</translation>
        </message>
        <message>
            <source>Show or hide the WERTvoll report panel</source>
            <translation>WERTvoll-Berichtsfenster ein- oder ausblenden</translation>
        </message>
        <message>
            <source>Slope band (WHG §38a): {slope} of {total} stretch banks slope at least 5 % towards the water</source>
            <translation>Hangstreifen (WHG §38a): {slope} von {total} Uferseiten der Abschnitte sind mindestens 5 % zum Gewässer geneigt</translation>
        </message>
        <message>
            <source>Smallest total corridor width, centred on the river. Default 20 m = the two Saxon 10 m strips (SächsWG §24(2)); an assumption of this plugin, not a LAWA value.</source>
            <translation>Kleinste Gesamtbreite des Korridors, mittig zum Gewässer. Vorgabe 20 m = die beiden sächsischen 10-m-Streifen (SächsWG §24 Abs. 2); eine Annahme dieses Plugins, kein LAWA-Wert.</translation>
        </message>
        <message>
            <source>Soil index field (Acker-/Grünlandzahl)</source>
            <translation>Feld mit der Bodenzahl (Acker-/Grünlandzahl)</translation>
        </message>
        <message>
            <source>Soil index for the prime-soil check (BNatSchG §15(3)). Empty: no check.</source>
            <translation>Bodenzahl für die Prüfung hochwertiger Böden (BNatSchG §15 Abs. 3). Leer: keine Prüfung.</translation>
        </message>
        <message>
            <source>Soil index from which PIK is proposed. BKompV §10(2) judges prime soil by the Acker-/Grünlandzahlen of the Landkreis or kreisfreie Stadt: enter the district's figure here.</source>
            <translation>Bodenzahl, ab der PIK vorgeschlagen wird. BKompV §10 Abs. 2 beurteilt gute Böden nach den Acker-/Grünlandzahlen des Landkreises oder der kreisfreien Stadt: Tragen Sie hier deren Wert ein.</translation>
        </message>
        <message>
            <source>Soil type field (KA5 soil texture)</source>
            <translation>Feld der Bodenart (KA5)</translation>
        </message>
        <message>
            <source>Soil-class table {path}: exactly one row needs default = 1 (the soil class used where a parcel has neither a soil type nor a soil index).</source>
            <translation>Bodenklassen-Tabelle {path}: genau eine Zeile braucht default = 1 (die Bodenklasse für Flurstücke ohne Bodenart und ohne Bodenzahl).</translation>
        </message>
        <message>
            <source>Solving the optimal selection (mixed-integer program, HiGHS) …</source>
            <translation>Löse die optimale Auswahl (gemischt-ganzzahliges Programm, HiGHS) …</translation>
        </message>
        <message>
            <source>Species preset</source>
            <translation>Artvoreinstellung</translation>
        </message>
        <message>
            <source>Species preset '{label}': MAX_COST = {cost} ({distance} m × resistance {reference}); source: {source}</source>
            <translation>Artvoreinstellung „{label}“: MAX_COST = {cost} ({distance} m × Widerstand {reference}); Quelle: {source}</translation>
        </message>
        <message>
            <source>Species preset table {path} cannot be read ({reason}). Check the path and that the file exists.</source>
            <translation>Die Tabelle der Artvoreinstellungen {path} kann nicht gelesen werden ({reason}). Prüfen Sie den Pfad und ob die Datei existiert.</translation>
        </message>
        <message>
            <source>Species preset table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.</source>
            <translation>Die Tabelle der Artvoreinstellungen {path} ist kein UTF-8-Text. Speichern Sie sie als „CSV UTF-8“ und starten Sie erneut.</translation>
        </message>
        <message>
            <source>Species preset table {path}, line {line}: each row needs a key, a distance_m and a reference_resistance greater than 0. Correct the line.</source>
            <translation>Tabelle der Artvoreinstellungen {path}, Zeile {line}: Jede Zeile braucht einen key, eine distance_m und einen reference_resistance größer als 0. Korrigieren Sie die Zeile.</translation>
        </message>
        <message>
            <source>Spread of the random weights (%)</source>
            <translation>Spanne der Zufallsgewichte (%)</translation>
        </message>
        <message>
            <source>Step 1/3: reading layers</source>
            <translation>Schritt 1/3: Layer werden gelesen</translation>
        </message>
        <message>
            <source>Step 1/3: reading the DEM and the layers</source>
            <translation>Schritt 1/3: DGM und Layer werden gelesen</translation>
        </message>
        <message>
            <source>Step 1/4: reading the patches and the resistance</source>
            <translation>Schritt 1/4: Kernflächen und Widerstand werden gelesen</translation>
        </message>
        <message>
            <source>Step 2/3: heights above the river on {rows} × {cols} cells</source>
            <translation>Schritt 2/3: Höhen über dem Gewässer auf {rows} × {cols} Zellen</translation>
        </message>
        <message>
            <source>Step 2/3: heights above the river, tile by tile</source>
            <translation>Schritt 2/3: Höhen über dem Gewässer, Kachel für Kachel</translation>
        </message>
        <message>
            <source>Step 2/3: screening {count} candidates</source>
            <translation>Schritt 2/3: {count} Kandidaten werden geprüft</translation>
        </message>
        <message>
            <source>Step 2/3: strips, corridors and land use for {count} river features ({ruleset})</source>
            <translation>Schritt 2/3: Streifen, Korridore und Nutzung für {count} Gewässerobjekte ({ruleset})</translation>
        </message>
        <message>
            <source>Step 2/4: rasterizing {count} land-use polygons on {rows} × {cols} cells of {cell} m ({kind})</source>
            <translation>Schritt 2/4: {count} Nutzungspolygone werden auf {rows} × {cols} Zellen zu {cell} m gerastert ({kind})</translation>
        </message>
        <message>
            <source>Step 2/4: resistance raster with {rows} × {cols} cells of {cell} m</source>
            <translation>Schritt 2/4: Widerstandsraster mit {rows} × {cols} Zellen zu {cell} m</translation>
        </message>
        <message>
            <source>Step 3/3: writing the results</source>
            <translation>Schritt 3/3: Ergebnisse werden geschrieben</translation>
        </message>
        <message>
            <source>Step 3/3: writing {count} candidates</source>
            <translation>Schritt 3/3: {count} Kandidaten werden geschrieben</translation>
        </message>
        <message>
            <source>Step 3/3: writing {strips} strip and {corridors} corridor polygons</source>
            <translation>Schritt 3/3: {strips} Streifen- und {corridors} Korridorpolygone werden geschrieben</translation>
        </message>
        <message>
            <source>Step 3/4: links, corridors and connectivity of the patches</source>
            <translation>Schritt 3/4: Verbindungen, Korridore und Konnektivität der Kernflächen</translation>
        </message>
        <message>
            <source>Step 4/4: writing the results</source>
            <translation>Schritt 4/4: Ergebnisse werden geschrieben</translation>
        </message>
        <message>
            <source>Strip area (m²)</source>
            <translation>Fläche der Randstreifen (m²)</translation>
        </message>
        <message>
            <source>Strip polygons with zone (outside/inside built-up areas), band (m from the bank), the legal rule, what it bans, the slope band flag and the area.</source>
            <translation>Streifenpolygone mit Zone (außerhalb/innerhalb der Ortslagen), Band (m ab dem Ufer), der Rechtsgrundlage, ihren Verboten, dem Hangstreifen-Merkmal und der Fläche.</translation>
        </message>
        <message>
            <source>Strips are measured from the top of the bank: from your bank polygons, a bank width field, or an assumed bank (1 m high, slope 1:1.5) beyond the water line. Waters exempt by SächsWG §1(2) can be left out.</source>
            <translation>Streifen werden ab der Böschungsoberkante gemessen: aus Ihren Böschungspolygonen, einem Feld Böschungsbreite oder einer angenommenen Böschung (1 m hoch, Neigung 1:1,5) hinter der Wasserlinie. Nach SächsWG §1 Abs. 2 ausgenommene Gewässer können ausgelassen werden.</translation>
        </message>
        <message>
            <source>Strips measured from the top of the bank (WHG §38(2), SächsWG §24(1)): river features by source (line = BANK_AREAS, field = BANK_WIDTH_FIELD, rule = {rule:g} m per side from BANK_HEIGHT × BANK_SLOPE, an assumption; none = from the water line): {sources}</source>
            <translation>Streifen ab der Böschungsoberkante gemessen (WHG §38 Abs. 2, SächsWG §24 Abs. 1): Gewässerobjekte nach Quelle (line = BANK_AREAS, field = BANK_WIDTH_FIELD, rule = {rule:g} m je Seite aus BANK_HEIGHT × BANK_SLOPE, eine Annahme; none = ab der Wasserlinie): {sources}</translation>
        </message>
        <message>
            <source>Strips {strips:.2f} ha, corridors {corridors:.2f} ha, rivers {length:.2f} km</source>
            <translation>Randstreifen {strips:.2f} ha, Korridore {corridors:.2f} ha, Gewässer {length:.2f} km</translation>
        </message>
        <message>
            <source>Subtracting the exclusion areas …</source>
            <translation>Ausschlussflächen abziehen …</translation>
        </message>
        <message>
            <source>Summary per municipality</source>
            <translation>Übersicht je Gemeinde</translation>
        </message>
        <message>
            <source>Summing up the strips …</source>
            <translation>Streifen zusammenfassen …</translation>
        </message>
        <message>
            <source>THRESHOLDS is empty. Enter heights in metres above the river, greater than 0 and increasing, separated by commas, e.g. 1,2,3 (with decimals: 0.5,1,2 or 0,5;1;2).</source>
            <translation>THRESHOLDS ist leer. Geben Sie Höhen in Metern über dem Gewässer ein, größer als 0 und aufsteigend, durch Kommas getrennt, z. B. 1,2,3 (mit Dezimalstellen: 0.5,1,2 oder 0,5;1;2).</translation>
        </message>
        <message>
            <source>THRESHOLDS must increase from zone 1 on: {value:g} follows {previous:g}. Enter them in increasing order, e.g. 1,2,3.</source>
            <translation>THRESHOLDS müssen ab Zone 1 aufsteigen: {value:g} folgt auf {previous:g}. Geben Sie sie aufsteigend ein, z. B. 1,2,3.</translation>
        </message>
        <message>
            <source>THRESHOLDS: '{part}' is not a number. Enter heights in metres separated by commas, e.g. 1,2,3 (with decimals: 0.5,1,2 or 0,5;1;2).</source>
            <translation>THRESHOLDS: '{part}' ist keine Zahl. Geben Sie Höhen in Metern durch Kommas getrennt ein, z. B. 1,2,3 (mit Dezimalstellen: 0.5,1,2 oder 0,5;1;2).</translation>
        </message>
        <message>
            <source>THRESHOLDS: at most {max} zones are possible, not {count}.</source>
            <translation>THRESHOLDS: höchstens {max} Zonen sind möglich, nicht {count}.</translation>
        </message>
        <message>
            <source>THRESHOLDS: {part} is not a height greater than 0. Enter heights in metres above the river, e.g. 1,2,3.</source>
            <translation>THRESHOLDS: {part} ist keine Höhe größer als 0. Geben Sie Höhen in Metern über dem Gewässer ein, z. B. 1,2,3.</translation>
        </message>
        <message>
            <source>Table with one row per municipality and a row 'total'.</source>
            <translation>Tabelle mit einer Zeile je Gemeinde und einer Zeile 'total' (Summe).</translation>
        </message>
        <message>
            <source>Table with one row per river class and one for all classes: class, threshold_m (fitted), fitted_on (own class or all classes), official_m2 and estimated_m2 on the cells measured from rivers inside official zones,</source>
            <translation>Tabelle mit einer Zeile je Gewässerklasse und einer für alle Klassen: class, threshold_m (angepasst), fitted_on (eigene Klasse oder alle Klassen), official_m2 und estimated_m2 auf den Zellen, die von Gewässern in festgesetzten Gebieten aus gemessen werden,</translation>
        </message>
        <message>
            <source>Table with the area and share of each land-use code per strip band and in the corridors.</source>
            <translation>Tabelle mit Fläche und Anteil jedes Nutzungscodes je Streifenband und in den Korridoren.</translation>
        </message>
        <message>
            <source>Table with zone, class, area_m2 (area inside the zone; 0 for points) and count (features touched; points inside). Empty without an exposure layer.</source>
            <translation>Tabelle mit zone, class, area_m2 (Fläche innerhalb der Zone; 0 bei Punkten) und count (berührte Objekte; bei Punkten die darin liegenden). Leer ohne Betroffenheits-Layer.</translation>
        </message>
        <message>
            <source>Tabulating the land use inside strips and corridors …</source>
            <translation>Nutzung in Streifen und Korridoren auszählen …</translation>
        </message>
        <message>
            <source>Template</source>
            <translation>Vorlage</translation>
        </message>
        <message>
            <source>Template '{name}' got no layer. Give at least one of: {slots}.</source>
            <translation>Vorlage „{name}“ hat keinen Layer erhalten. Geben Sie mindestens einen an: {slots}.</translation>
        </message>
        <message>
            <source>Template '{name}' got only layers without features (check their filters or selections). Give at least one layer holding results.</source>
            <translation>Die Vorlage '{name}' hat nur Layer ohne Objekte erhalten (Filter oder Auswahl prüfen). Geben Sie mindestens einen Layer mit Ergebnissen an.</translation>
        </message>
        <message>
            <source>Template '{name}' has no {file}. Add it or export HTML only.</source>
            <translation>Vorlage „{name}“ hat keine {file}. Ergänzen Sie sie oder exportieren Sie nur HTML.</translation>
        </message>
        <message>
            <source>Template '{name}' has no {file}. Add it or export Word only.</source>
            <translation>Vorlage „{name}“ hat keine {file}. Ergänzen Sie sie oder exportieren Sie nur Word.</translation>
        </message>
        <message>
            <source>Template '{name}' needs a layer for '{slot}'. Choose it, e.g. the matching output of a WERTvoll algorithm.</source>
            <translation>Vorlage „{name}“ braucht einen Layer für „{slot}“. Wählen Sie ihn aus, z. B. das passende Ergebnis eines WERTvoll-Algorithmus.</translation>
        </message>
        <message>
            <source>Template '{name}', template.json line {line}: {problem}. Fix the JSON syntax.</source>
            <translation>Vorlage „{name}“, template.json Zeile {line}: {problem}. Korrigieren Sie die JSON-Syntax.</translation>
        </message>
        <message>
            <source>Template '{name}', {file} line {line}: '{include}' lies outside the template folder (through a link). A template may only include files inside its folder; copy the file there.</source>
            <translation>Vorlage '{name}', {file} Zeile {line}: '{include}' liegt (über einen Link) außerhalb des Vorlagenordners. Eine Vorlage darf nur Dateien in ihrem Ordner einbinden; kopieren Sie die Datei dorthin.</translation>
        </message>
        <message>
            <source>Template '{name}', {file} line {line}: filling it in took longer than {seconds} s and was stopped. Look for loops that run too long, e.g. nested range().</source>
            <translation>Vorlage '{name}', {file} Zeile {line}: Das Ausfüllen dauerte länger als {seconds} s und wurde abgebrochen. Suchen Sie nach zu langen Schleifen, z. B. verschachteltem range().</translation>
        </message>
        <message>
            <source>Template '{name}', {file} line {line}: {problem} ({kind} error). Correct the template.</source>
            <translation>Vorlage „{name}“, {file} Zeile {line}: {problem} (Fehler: {kind}). Korrigieren Sie die Vorlage.</translation>
        </message>
        <message>
            <source>Template '{name}', {file}: filling it in took longer than {seconds} s and was stopped. Look for loops that run too long, e.g. nested range().</source>
            <translation>Vorlage '{name}', {file}: Das Ausfüllen dauerte länger als {seconds} s und wurde abgebrochen. Suchen Sie nach zu langen Schleifen, z. B. verschachteltem range().</translation>
        </message>
        <message>
            <source>Template '{name}', {file}: {problem} (near: '{near}'). Correct the tag in the Word file.</source>
            <translation>Vorlage „{name}“, {file}: {problem} (bei: „{near}“). Korrigieren Sie den Platzhalter in der Word-Datei.</translation>
        </message>
        <message>
            <source>Template '{name}', {file}: {problem}. Correct the tags in the Word file.</source>
            <translation>Vorlage '{name}', {file}: {problem}. Korrigieren Sie die Platzhalter in der Word-Datei.</translation>
        </message>
        <message>
            <source>Template '{name}': '{value}' is not a valid {type} for the field '{field}'. Correct it.</source>
            <translation>Vorlage „{name}“: „{value}“ ist kein gültiger Wert ({type}) für das Feld „{field}“. Korrigieren Sie ihn.</translation>
        </message>
        <message>
            <source>Template '{name}': template.json must hold one JSON object {{…}}. Correct it.</source>
            <translation>Vorlage „{name}“: template.json muss ein JSON-Objekt {{…}} enthalten. Korrigieren Sie sie.</translation>
        </message>
        <message>
            <source>Template '{name}': the choice field '{field}' lists no choices. Add them in template.json.</source>
            <translation>Vorlage „{name}“: Das Auswahlfeld „{field}“ nennt keine Auswahlwerte. Ergänzen Sie sie in template.json.</translation>
        </message>
        <message>
            <source>Template '{name}': the field '{field}' has type '{type}'; use one of {types} in template.json.</source>
            <translation>Vorlage „{name}“: Das Feld „{field}“ hat den Typ „{type}“; verwenden Sie in template.json einen von {types}.</translation>
        </message>
        <message>
            <source>Template '{name}': the field '{field}' is required. Fill it in.</source>
            <translation>Vorlage „{name}“: Das Feld „{field}“ ist ein Pflichtfeld. Füllen Sie es aus.</translation>
        </message>
        <message>
            <source>Template '{name}': the field id '{field}' is used twice. Rename one in template.json.</source>
            <translation>Vorlage „{name}“: Die Feld-id „{field}“ kommt zweimal vor. Benennen Sie eine in template.json um.</translation>
        </message>
        <message>
            <source>Template '{name}': the field {field} needs an 'id' made of letters, digits and _. Correct template.json.</source>
            <translation>Vorlage „{name}“: Das Feld {field} braucht eine „id“ aus Buchstaben, Ziffern und _. Korrigieren Sie template.json.</translation>
        </message>
        <message>
            <source>Template '{name}': the folder {folder} has no template.json. Copy a built-in template folder and edit it.</source>
            <translation>Vorlage „{name}“: Der Ordner {folder} enthält keine template.json. Kopieren Sie einen eingebauten Vorlagenordner und bearbeiten Sie ihn.</translation>
        </message>
        <message>
            <source>Template '{name}': the map {map} needs an 'id' made of letters, digits and _. Correct template.json.</source>
            <translation>Vorlage „{name}“: Die Karte {map} braucht eine „id“ aus Buchstaben, Ziffern und _. Korrigieren Sie template.json.</translation>
        </message>
        <message>
            <source>Template '{name}': the slot {slot} needs a 'kind', one of {kinds}. Correct template.json.</source>
            <translation>Vorlage „{name}“: Der Platz {slot} braucht eine „kind“, eine von {kinds}. Korrigieren Sie template.json.</translation>
        </message>
        <message>
            <source>Terrain heights in metres (e.g. DGM from GeoSN), projected CRS.</source>
            <translation>Geländehöhen in Metern (z. B. DGM von GeoSN), projiziertes KBS.</translation>
        </message>
        <message>
            <source>Terrain heights in metres, in a projected CRS in metres (in Saxony ETRS89 / UTM 33N, EPSG:25833), band 1. A DEM in degrees is refused: warp it first (Raster &gt; Projections &gt; Warp). Nodata cells stay out of every zone. The zones follow its cells: a 1–10 m DEM suits small streams.</source>
            <translation>Geländehöhen in Metern, in einem projizierten KBS in Metern (in Sachsen ETRS89 / UTM 33N, EPSG:25833), Band 1. Ein DGM in Grad wird abgelehnt: transformieren Sie es zuerst (Raster &gt; Projektionen &gt; Transformieren). NoData-Zellen liegen in keiner Zone. Die Zonen folgen seinen Zellen: für kleine Gewässer eignet sich ein DGM mit 1–10 m.</translation>
        </message>
        <message>
            <source>The 1 ha and 5 cm are assumptions of the plugin. Embankments narrower than a cell leave no trace in the DEM and cannot be flagged: use a DEM that shows them (DGM1/DGM2).</source>
            <translation>1 ha und 5 cm sind Annahmen des Plugins. Deiche, die schmaler als eine Zelle sind, hinterlassen keine Spur im DGM und lassen sich nicht markieren: ein DGM verwenden, das sie zeigt (DGM1/DGM2).</translation>
        </message>
        <message>
            <source>The DEM '{name}' has no CRS. Assign its CRS (Layer properties &gt; Source), e.g. EPSG:25833, and run again.</source>
            <translation>Das DGM '{name}' hat kein KBS. Weisen Sie ihm sein KBS zu (Layereigenschaften &gt; Quelle), z. B. EPSG:25833, und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The DEM '{name}' is in {crs}, whose unit is not a metre on the ground there: heights above the river need distances in metres. Warp the DEM to EPSG:25833 or another CRS in metres (Raster &gt; Projections &gt; Warp (Reproject)) and run again.</source>
            <translation>Das DGM '{name}' liegt in {crs}, dessen Einheit dort kein Meter im Gelände ist: Höhen über dem Gewässer brauchen Abstände in Metern. Projizieren Sie das DGM nach EPSG:25833 oder in ein anderes KBS in Metern (Raster &gt; Projektionen &gt; Transformieren (Reprojizieren)) und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The DEM does not cover {count} of {total} river stretch banks; they got no slope band (WHG §38a). Use a DEM covering all rivers.</source>
            <translation>Das DGM deckt {count} von {total} Uferseiten der Gewässerabschnitte nicht ab; sie erhielten keinen Hangstreifen (WHG §38a). Verwenden Sie ein DGM, das alle Gewässer abdeckt.</translation>
        </message>
        <message>
            <source>The DEM does not overlap the rivers; no slope band was computed.</source>
            <translation>Das DGM überdeckt die Gewässer nicht; es wurde kein Hangstreifen berechnet.</translation>
        </message>
        <message>
            <source>The DEM has cells of {cell:.0f} m: the slope within 20 m of the bank (WHG §38a) is estimated from interpolated heights. A DEM with cells of 1-10 m (e.g. DGM1/DGM2 of Saxony) gives a reliable slope band.</source>
            <translation>Das DGM hat Zellen von {cell:.0f} m: die Hangneigung innerhalb von 20 m ab der Böschungsoberkante (WHG §38a) wird aus interpolierten Höhen geschätzt. Ein DGM mit Zellen von 1-10 m (z. B. DGM1/DGM2 Sachsen) ergibt einen verlässlichen Hangstreifen.</translation>
        </message>
        <message>
            <source>The DEM has no valid cell size. Use a north-up raster in a projected CRS.</source>
            <translation>Das DGM hat keine gültige Zellgröße. Verwenden Sie ein nordausgerichtetes Raster in einem projizierten KBS.</translation>
        </message>
        <message>
            <source>The DEM is reprojected to {crs} (bilinear).</source>
            <translation>Das DGM wird nach {crs} transformiert (bilinear).</translation>
        </message>
        <message>
            <source>The PDF could not be written to {path}. Choose another folder.</source>
            <translation>Das PDF konnte nicht nach {path} geschrieben werden. Wählen Sie einen anderen Ordner.</translation>
        </message>
        <message>
            <source>The Saxon rule (default): 10 m outside and 5 m inside built-up areas, the first 5 m without fertiliser and pesticides; the federal rule: 5 m outside, none inside.</source>
            <translation>Sächsische Regel (Vorgabe): außerhalb der Ortslagen 10 m, innerhalb 5 m, die ersten 5 m ohne Dünge- und Pflanzenschutzmittel; Bundesrecht: außerhalb 5 m, innerhalb keiner.</translation>
        </message>
        <message>
            <source>The analysed patches (merged by id) with patch_id, area_m2, degree (number of links), component (connected group, from 1) and dPC (% of PC lost without the patch, the best paths among the others recomputed).</source>
            <translation>Die untersuchten Kernflächen (nach ID zusammengefasst) mit patch_id, area_m2, degree (Zahl der Verbindungen), component (zusammenhängende Gruppe, ab 1) und dPC (% des PC, der ohne die Fläche verloren geht; die besten Wege zwischen den übrigen neu berechnet).</translation>
        </message>
        <message>
            <source>The basis is the biotope network of BNatSchG §20/§21 (on at least 10 % of each Land); the method follows Linkage Mapper, for QGIS and at regional scale.</source>
            <translation>Grundlage ist der Biotopverbund nach BNatSchG §20/§21 (auf mindestens 10 % der Fläche jedes Landes); das Verfahren folgt Linkage Mapper, für QGIS und in regionalem Maßstab.</translation>
        </message>
        <message>
            <source>The biotope links have no dispersal kernel (prob is empty): the connectivity gain (gain_eca) is left empty. Run the biotope-corridor tool with a SPECIES_PRESET or DISPERSAL_COST.</source>
            <translation>Die Verbundverbindungen haben keinen Ausbreitungskern (prob ist leer): der Verbundgewinn (gain_eca) bleibt leer. Führen Sie die Biotopverbund-Analyse mit SPECIES_PRESET oder DISPERSAL_COST aus.</translation>
        </message>
        <message>
            <source>The candidate layer has no features (check its filter or selection).</source>
            <translation>Der Kandidaten-Layer hat keine Objekte (prüfen Sie Filter oder Auswahl).</translation>
        </message>
        <message>
            <source>The coordinates of '{layer}' ({extent}) do not fit its CRS {crs}, which is valid over {bounds} (longitude, latitude). Is the CRS assigned right (Layer properties &gt; Source)? Gauß-Krüger or degrees labelled as UTM give empty or wrong results.</source>
            <translation>Die Koordinaten von '{layer}' ({extent}) passen nicht zu seinem KBS {crs}, das für {bounds} (Länge, Breite) gilt. Ist das KBS richtig zugewiesen (Layereigenschaften &gt; Quelle)? Gauß-Krüger-Koordinaten oder Grad, die als UTM ausgewiesen sind, geben leere oder falsche Ergebnisse.</translation>
        </message>
        <message>
            <source>The corridor analysis needs about {need} of memory for the {rows} × {cols} cells of the resistance raster, but only {available} are free. Resample the raster to cells of about {suggest} m (Raster &gt; Projections &gt; Warp, output resolution, nearest neighbour) or clip it to the area of interest.</source>
            <translation>Die Korridoranalyse braucht für die {rows} × {cols} Zellen des Widerstandsrasters etwa {need} Arbeitsspeicher, frei sind nur {available}. Rechnen Sie das Raster auf Zellen von etwa {suggest} m um (Raster &gt; Projektionen &gt; Transformieren, Ausgabeauflösung, nächster Nachbar) oder schneiden Sie es auf das Untersuchungsgebiet zu.</translation>
        </message>
        <message>
            <source>The corridor analysis needs about {need} of memory for {rows} × {cols} cells, but only {available} are free. Set CELL_SIZE to about {suggest} m (or larger) or use a smaller land-use layer, and run again.</source>
            <translation>Die Korridoranalyse braucht für {rows} × {cols} Zellen etwa {need} Arbeitsspeicher, frei sind nur {available}. Setzen Sie CELL_SIZE auf etwa {suggest} m (oder mehr) oder verwenden Sie einen kleineren Nutzungslayer und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The cost objective needs a price field (PRICE_FIELD).</source>
            <translation>Das Kostenziel braucht ein Preisfeld (PRICE_FIELD).</translation>
        </message>
        <message>
            <source>The database could not compute the overlays: {error}</source>
            <translation>Die Datenbank konnte die Überlagerungen nicht berechnen: {error}</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered together with the minimum eco-points per municipality. Lower the minimums.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich zusammen mit den Mindestwertpunkten je Gemeinde nicht decken. Senken Sie die Minima.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered together with the minimum nitrate leaching avoided: at most {reachable:,.0f} eco-points are reachable. Lower the minimum.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich zusammen mit der mindestens vermiedenen Nitratauswaschung nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Senken Sie das Minimum.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered together with the minimum soil carbon stored: at most {reachable:,.0f} eco-points are reachable. Lower the minimum.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich zusammen mit dem mindestens gebundenen Bodenkohlenstoff nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Senken Sie das Minimum.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered under all constraints together: at most {reachable:,.0f} eco-points are reachable. Relax a cap or lower the demand.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich unter allen Vorgaben zusammen nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Lockern Sie eine Grenze oder senken Sie den Bedarf.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered under the maximum eco-points per municipality: at most {reachable:,.0f} eco-points are reachable. Raise the maximums.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich unter den Höchstwertpunkten je Gemeinde nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Erhöhen Sie die Maxima.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered under the maximum prime-soil area: at most {reachable:,.0f} eco-points are reachable. Raise the maximum prime-soil area.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich unter der Höchstfläche hochwertiger Böden nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Erhöhen Sie die Höchstfläche.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered under the municipality area caps: at most {reachable:,.0f} eco-points are reachable. Raise the caps or lower the demand.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich unter den Flächengrenzen der Gemeinden nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Erhöhen Sie die Grenzen oder senken Sie den Bedarf.</translation>
        </message>
        <message>
            <source>The demand of {demand:,.0f} eco-points cannot be covered with the minimum PIK share: at most {reachable:,.0f} eco-points are reachable. Lower the minimum PIK share.</source>
            <translation>Der Bedarf von {demand:,.0f} Wertpunkten lässt sich mit dem Mindestanteil PIK nicht decken: höchstens {reachable:,.0f} Wertpunkte sind erreichbar. Senken Sie den Mindestanteil PIK.</translation>
        </message>
        <message>
            <source>The demand of {limit:,.0f} eco-points cannot be covered: all candidates that are not locked out give at most {high:,.0f} eco-points.</source>
            <translation>Der Bedarf von {limit:,.0f} Wertpunkten lässt sich nicht decken: alle nicht ausgeschlossenen Kandidaten geben höchstens {high:,.0f} Wertpunkte.</translation>
        </message>
        <message>
            <source>The features could not be written to the output ({error}). Check that the file or database can be written to and has room.</source>
            <translation>Die Objekte konnten nicht in die Ausgabe geschrieben werden ({error}). Prüfen Sie, ob die Datei oder Datenbank beschreibbar ist und genug Platz bietet.</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the candidate layer. Choose one of its fields.</source>
            <translation>Das Feld '{field}' gibt es im Kandidaten-Layer nicht. Wählen Sie eines seiner Felder.</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the land-use layer. Choose one of its fields.</source>
            <translation>Das Feld „{field}“ ist nicht im Nutzungslayer. Wählen Sie eines seiner Felder.</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the layer '{layer}'. Choose one of its fields or leave {parameter} empty.</source>
            <translation>Das Feld „{field}“ ist nicht im Layer „{layer}“. Wählen Sie eines seiner Felder oder lassen Sie {parameter} leer.</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the patch layer. Choose one of its fields or leave PATCH_ID_FIELD empty.</source>
            <translation>Das Feld „{field}“ ist nicht im Kernflächenlayer. Wählen Sie eines seiner Felder oder lassen Sie PATCH_ID_FIELD leer.</translation>
        </message>
        <message>
            <source>The field '{field}' is not in the river layer. Choose one of its fields.</source>
            <translation>Das Feld '{field}' ist nicht im Gewässerlayer. Wählen Sie eines seiner Felder.</translation>
        </message>
        <message>
            <source>The flood-risk zones in tiles need about {need} of temporary disk space for {rows} × {cols} DEM cells, but only {free} are free in the temporary folder. Free disk space, resample the DEM to cells of about {suggest} m (Raster &gt; Projections &gt; Warp) or filter the river layer.</source>
            <translation>Die Hochwasserrisikozonen in Kacheln brauchen etwa {need} temporären Plattenplatz für {rows} × {cols} DGM-Zellen, frei sind im temporären Ordner aber nur {free}. Platz schaffen, das DGM auf Zellen von etwa {suggest} m umrechnen (Raster &gt; Projektionen &gt; Transformieren) oder den Gewässer-Layer filtern.</translation>
        </message>
        <message>
            <source>The flow path keeps a slope beyond a ridge with its own river, where the nearest cell may lie in the next valley; in flat land both give similar heights.</source>
            <translation>Der Fließweg hält einen Hang hinter einem Rücken bei seinem eigenen Gewässer, wo die nächste Zelle im Nachbartal liegen kann; im flachen Land ergeben beide ähnliche Höhen.</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist. Choose an existing folder.</source>
            <translation>Der Ordner {folder} existiert nicht. Wählen Sie einen vorhandenen Ordner.</translation>
        </message>
        <message>
            <source>The height is not fitted to the official flood zones in a run in tiles (the DEM window does not fit in memory in one piece): only the zones of THRESHOLDS are given. For the fit, resample the DEM to larger cells or filter the river layer to the area of interest.</source>
            <translation>In einem Lauf in Kacheln wird die Höhe nicht an die festgesetzten Überschwemmungsgebiete angepasst (der DGM-Ausschnitt passt nicht in einem Stück in den Speicher): es entstehen nur die Zonen aus THRESHOLDS. Für die Anpassung das DGM auf größere Zellen umrechnen oder den Gewässer-Layer auf das Untersuchungsgebiet filtern.</translation>
        </message>
        <message>
            <source>The land use inside is tabulated: arable land in a strip is the conflict to look for; strip and corridor land is prime compensation land for wertvoll:compensationscreening.</source>
            <translation>Die Nutzung darin wird tabelliert: Acker im Randstreifen ist der gesuchte Konflikt; Randstreifen- und Korridorflächen sind erste Wahl als Kompensationsflächen für wertvoll:compensationscreening.</translation>
        </message>
        <message>
            <source>The land-use layer has no polygons (check its filter or selection).</source>
            <translation>Der Nutzungslayer hat keine Polygone (prüfen Sie seinen Filter oder die Auswahl).</translation>
        </message>
        <message>
            <source>The layer '{layer}' ({layer_crs}, extent {extent} in {crs}) does not overlap '{reference}' ({reference_crs}, extent {reference_extent}): none of its features can count. Check the CRS assigned to each layer (Layer properties &gt; Source).</source>
            <translation>Der Layer '{layer}' ({layer_crs}, Ausdehnung {extent} in {crs}) überlappt '{reference}' ({reference_crs}, Ausdehnung {reference_extent}) nicht: Keines seiner Objekte kann zählen. Prüfen Sie das jedem Layer zugewiesene KBS (Layereigenschaften &gt; Quelle).</translation>
        </message>
        <message>
            <source>The layer '{layer}' for '{slot}' cannot be read: its data source {source} is missing, was moved or cannot be opened. Repair its data source or choose another layer.</source>
            <translation>Der Layer '{layer}' für '{slot}' kann nicht gelesen werden: Seine Datenquelle {source} fehlt, wurde verschoben oder lässt sich nicht öffnen. Reparieren Sie die Datenquelle oder wählen Sie einen anderen Layer.</translation>
        </message>
        <message>
            <source>The layer '{layer}' for '{slot}' cannot be read: its data source {source} is missing, was moved or cannot be opened; the report leaves it out. Repair its data source or choose another layer.</source>
            <translation>Der Layer '{layer}' für '{slot}' kann nicht gelesen werden: Seine Datenquelle {source} fehlt, wurde verschoben oder lässt sich nicht öffnen; der Bericht lässt ihn weg. Reparieren Sie die Datenquelle oder wählen Sie einen anderen Layer.</translation>
        </message>
        <message>
            <source>The layer '{layer}' has no CRS. Assign its CRS (Layer properties &gt; Source), e.g. EPSG:25833, and run again.</source>
            <translation>Der Layer '{layer}' hat kein KBS. Weisen Sie ihm sein KBS zu (Layereigenschaften &gt; Quelle), z. B. EPSG:25833, und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The layer '{layer}' lacks the field(s) {fields}: give the output of wertvoll:biotopecorridors.</source>
            <translation>Der Schicht '{layer}' fehlen die Felder {fields}: geben Sie die Ausgabe von wertvoll:biotopecorridors an.</translation>
        </message>
        <message>
            <source>The layer for '{slot}' has no features (check its filter or selection). Choose a layer holding results.</source>
            <translation>Der Layer für '{slot}' enthält keine Objekte (Filter oder Auswahl prüfen). Wählen Sie einen Layer mit Ergebnissen.</translation>
        </message>
        <message>
            <source>The layer for '{slot}' holds text that is not a number in {fields}; the report counts it as 0. Check the layer.</source>
            <translation>Der Layer für '{slot}' enthält Text, der keine Zahl ist, in {fields}; der Bericht zählt ihn als 0. Prüfen Sie den Layer.</translation>
        </message>
        <message>
            <source>The layer for '{slot}' lacks the fields {fields}: it is not a {slot} output of WERTvoll. Choose the right layer.</source>
            <translation>Dem Layer für „{slot}“ fehlen die Felder {fields}: Er ist kein WERTvoll-Ergebnis „{slot}“. Wählen Sie den richtigen Layer.</translation>
        </message>
        <message>
            <source>The link cost (resistance × metres) at which half of the species' individuals still arrive: PC, ECA and dPC use p = exp(−ln 2 × cost / DISPERSAL_COST). It belongs to the species, never to the data; take it from the literature for your species.</source>
            <translation>Die Verbindungskosten (Widerstand × Meter), bei denen noch die Hälfte der Individuen der Art ankommt: PC, ECA und dPC verwenden p = exp(−ln 2 × Kosten / DISPERSAL_COST). Der Wert gehört zur Art, nie zu den Daten; entnehmen Sie ihn der Literatur für Ihre Art.</translation>
        </message>
        <message>
            <source>The links layer has a cost that is empty, negative or not a number. Use the links of the biotope-corridor tool unchanged.</source>
            <translation>Die Verbindungsschicht hat Kosten, die leer, negativ oder keine Zahl sind. Verwenden Sie die Verbindungen der Biotopverbund-Analyse unverändert.</translation>
        </message>
        <message>
            <source>The locked-in parcels take {low:,.0f} m² of prime soil, more than the maximum of {limit:,.0f} m². Unlock parcels or raise the maximum.</source>
            <translation>Die festgelegten Flurstücke nehmen {low:,.0f} m² hochwertige Böden, mehr als das Maximum von {limit:,.0f} m². Heben Sie Festlegungen auf oder erhöhen Sie das Maximum.</translation>
        </message>
        <message>
            <source>The minimum PIK share cannot be reached: the locked-in parcels without PIK are too large. Unlock parcels or lower the minimum PIK share.</source>
            <translation>Der Mindestanteil PIK ist nicht erreichbar: die festgelegten Flurstücke ohne PIK sind zu groß. Heben Sie Festlegungen auf oder senken Sie den Mindestanteil PIK.</translation>
        </message>
        <message>
            <source>The note on WHG §78a (tree and shrub plantings) is given only for designated zones: with a zone field (FLOOD_ZONE_FIELD, or a field 'zone'), zone 0 = official; without one, every feature counts as designated.</source>
            <translation>Der Hinweis nach WHG §78a (Baum- und Strauchpflanzungen) wird nur für festgesetzte Gebiete gegeben: mit einem Zonenfeld (FLOOD_ZONE_FIELD oder ein Feld „zone“) ist Zone 0 amtlich; ohne eines zählt jedes Objekt als festgesetzt.</translation>
        </message>
        <message>
            <source>The official HQ100 zone (WHG §76); becomes zone 0 of the flood zones.</source>
            <translation>Das festgesetzte HQ100-Überschwemmungsgebiet (WHG §76); wird Zone 0 der Hochwasserzonen.</translation>
        </message>
        <message>
            <source>The official flood zone layer (FLOODPLAIN) has no polygons; zone 0 is empty.</source>
            <translation>Der Layer der festgesetzten Überschwemmungsgebiete (FLOODPLAIN) enthält keine Polygone; Zone 0 ist leer.</translation>
        </message>
        <message>
            <source>The optimal selection was skipped: all candidates are needed and do not even cover the demand.</source>
            <translation>Die optimale Auswahl entfiel: alle Kandidaten werden gebraucht und decken den Bedarf nicht einmal.</translation>
        </message>
        <message>
            <source>The output '{output}' is the file of the input '{input}' ({path}). Choose another file: writing there would overwrite or remove the input's data.</source>
            <translation>Die Ausgabe '{output}' ist die Datei der Eingabe '{input}' ({path}). Wählen Sie eine andere Datei: Dorthin zu schreiben würde die Daten der Eingabe überschreiben oder entfernen.</translation>
        </message>
        <message>
            <source>The output '{output}' is the folder {path}. Give a file name inside it.</source>
            <translation>Die Ausgabe '{output}' ist der Ordner {path}. Geben Sie einen Dateinamen darin an.</translation>
        </message>
        <message>
            <source>The overlays are computed in QGIS, not in the database: {reason}.</source>
            <translation>Die Überlagerungen werden in QGIS berechnet, nicht in der Datenbank: {reason}.</translation>
        </message>
        <message>
            <source>The overlays are computed in the database.</source>
            <translation>Die Überlagerungen werden in der Datenbank berechnet.</translation>
        </message>
        <message>
            <source>The parts an exclusion cut from one parcel are selected together or not at all.</source>
            <translation>Die Teile, die ein Ausschluss aus einem Flurstück schneidet, werden zusammen oder gar nicht gewählt.</translation>
        </message>
        <message>
            <source>The patch layer holds {count} patch(es); links need at least two. Add patches or check the layer's filter and PATCH_ID_FIELD (features with the same id are one patch).</source>
            <translation>Der Kernflächenlayer enthält {count} Kernfläche(n); Verbindungen brauchen mindestens zwei. Fügen Sie Kernflächen hinzu oder prüfen Sie den Filter des Layers und PATCH_ID_FIELD (Objekte mit derselben Kennung sind eine Kernfläche).</translation>
        </message>
        <message>
            <source>The per-patch passes run in {count} processes at once (one per processor core)</source>
            <translation>Die Durchläufe je Kernfläche rechnen in {count} Prozessen gleichzeitig (einer je Prozessorkern)</translation>
        </message>
        <message>
            <source>The percolation raster '{name}' does not overlap the candidates; all of them use the default percolation. Check its extent and CRS.</source>
            <translation>Das Sickerwasser-Raster '{name}' überlappt die Kandidaten nicht; alle nutzen die Sickerwasserrate ohne Raster. Prüfen Sie seine Ausdehnung und sein KBS.</translation>
        </message>
        <message>
            <source>The percolation raster '{name}' has no CRS. Assign its CRS (Layer properties &gt; Source), e.g. EPSG:25833, and run again.</source>
            <translation>Das Sickerwasser-Raster '{name}' hat kein KBS. Weisen Sie sein KBS zu (Layereigenschaften &gt; Quelle), z. B. EPSG:25833, und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The probabilities (prob) of {count} links do not follow one dispersal kernel exp(-k·cost) with the others (k = {k}). Use the links of one run of the biotope-corridor tool.</source>
            <translation>Die Wahrscheinlichkeiten (prob) von {count} Verbindungen folgen nicht demselben Ausbreitungskern exp(-k·cost) wie die übrigen (k = {k}). Verwenden Sie die Verbindungen eines Laufs der Biotopverbund-Analyse.</translation>
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
            <source>The record of how it was made could not be stored in: {outputs}</source>
            <translation>Der Nachweis, wie das Ergebnis entstand, konnte nicht gespeichert werden in: {outputs}</translation>
        </message>
        <message>
            <source>The report as an editable Word file. Skip it to write HTML only.</source>
            <translation>Der Bericht als bearbeitbare Word-Datei. Überspringen, um nur HTML zu schreiben.</translation>
        </message>
        <message>
            <source>The report as one HTML file (maps embedded). Skip it to write Word only.</source>
            <translation>Der Bericht als eine HTML-Datei (Karten eingebettet). Überspringen, um nur Word zu schreiben.</translation>
        </message>
        <message>
            <source>The resistance grid has no valid cell size. Use a north-up raster in a projected CRS in metres.</source>
            <translation>Das Widerstandsraster hat keine gültige Zellgröße. Verwenden Sie ein nordorientiertes Raster in einem projizierten KBS in Metern.</translation>
        </message>
        <message>
            <source>The resistance of each candidate's land-use code now: the table the corridor run used (empty: the shipped table).</source>
            <translation>Der heutige Widerstand des Nutzungscodes jedes Kandidaten: die Tabelle des Verbundlaufs (leer: die mitgelieferte Tabelle).</translation>
        </message>
        <message>
            <source>The resistance raster '{name}' has no CRS. Assign its CRS (Layer properties &gt; Source), e.g. EPSG:25833, and run again.</source>
            <translation>Das Widerstandsraster „{name}“ hat kein KBS. Weisen Sie ihm sein KBS zu (Layereigenschaften &gt; Quelle), z. B. EPSG:25833, und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The resistance raster '{name}' is in {crs}, whose unit is not a metre on the ground there: costs are resistance × metres. Warp it to EPSG:25833 or another CRS in metres (Raster &gt; Projections &gt; Warp, resampling 'Nearest neighbour' so that barriers stay whole) and run again.</source>
            <translation>Das Widerstandsraster '{name}' liegt in {crs}, dessen Einheit dort kein Meter im Gelände ist: Kosten sind Widerstand × Meter. Projizieren Sie es nach EPSG:25833 oder in ein anderes KBS in Metern (Raster &gt; Projektionen &gt; Transformieren, Resampling 'Nächster Nachbar', damit Barrieren ganz bleiben) und starten Sie erneut.</translation>
        </message>
        <message>
            <source>The results equal the local ones to rounding. The candidate layer needs a key column (integer or text) among its fields. When a layer does not qualify, the log says why and the tool computes in QGIS.</source>
            <translation>Die Ergebnisse gleichen den lokalen bis auf Rundung. Der Kandidaten-Layer braucht eine Schlüsselspalte (ganzzahlig oder Text) unter seinen Feldern. Erfüllt ein Layer das nicht, nennt das Protokoll den Grund, und das Werkzeug rechnet in QGIS.</translation>
        </message>
        <message>
            <source>The river layer has no features (check its filter or selection).</source>
            <translation>Der Gewässerlayer hat keine Objekte (prüfen Sie seinen Filter oder seine Auswahl).</translation>
        </message>
        <message>
            <source>The river layer has no lines. Choose a line layer with the river axes (e.g. ATKIS AX_Gewaesserachse), or check its filter and selection.</source>
            <translation>Der Gewässer-Layer enthält keine Linien. Wählen Sie einen Linien-Layer mit den Gewässerachsen (z. B. ATKIS AX_Gewaesserachse) oder prüfen Sie dessen Filter und Auswahl.</translation>
        </message>
        <message>
            <source>The river layer has no usable geometry ({count} features, all empty or invalid). Check the layer, its filter or its selection.</source>
            <translation>Der Gewässerlayer hat keine verwendbare Geometrie ({count} Objekte, alle leer oder ungültig). Prüfen Sie den Layer, seinen Filter oder seine Auswahl.</translation>
        </message>
        <message>
            <source>The ruleset gives no strip (all widths are 0): only corridors and land use were computed.</source>
            <translation>Das Regelwerk ergibt keinen Streifen (alle Breiten sind 0): nur Korridore und Nutzung wurden berechnet.</translation>
        </message>
        <message>
            <source>The same seed gives the same weightings and the same result.</source>
            <translation>Derselbe Startwert ergibt dieselben Gewichtungen und dasselbe Ergebnis.</translation>
        </message>
        <message>
            <source>The selected measures together keep at least this much nitrate out of the groundwater (sum of n_saved_kg; candidates without an estimate count 0). 0 = no minimum.</source>
            <translation>Die ausgewählten Maßnahmen halten zusammen mindestens so viel Nitrat aus dem Grundwasser (Summe von n_saved_kg; Kandidaten ohne Schätzung zählen 0). 0 = kein Minimum.</translation>
        </message>
        <message>
            <source>The selected measures together store at least this much carbon in the soil (sum of co2_t_a; candidates without an estimate count 0). 0 = no minimum.</source>
            <translation>Die ausgewählten Maßnahmen binden zusammen mindestens so viel Kohlenstoff im Boden (Summe von co2_t_a; Kandidaten ohne Schätzung zählen 0). 0 = kein Minimum.</translation>
        </message>
        <message>
            <source>The shipped value table. BKompV 2020 Anlage 2 binds federal projects; Saxon and municipal projects use the Saxon guideline (SMUL 2009) or the city's own model. The Saxon list is not shipped: its values could not be taken from the primary document.</source>
            <translation>Die mitgelieferte Wertetabelle. BKompV 2020 Anlage 2 bindet Vorhaben des Bundes; sächsische und kommunale Vorhaben verwenden die sächsische Handlungsempfehlung (SMUL 2009) oder das Modell der Stadt. Die sächsische Liste wird nicht mitgeliefert: Ihre Werte ließen sich nicht aus dem Originaldokument übernehmen.</translation>
        </message>
        <message>
            <source>The solver stops after this time with the best selection found; the log and the output SELECTION_STATUS say so.</source>
            <translation>Der Löser hört nach dieser Zeit mit der besten gefundenen Auswahl auf; Protokoll und Ausgabe SELECTION_STATUS sagen es.</translation>
        </message>
        <message>
            <source>The solver stops when its selection is proven within this share of the optimum.</source>
            <translation>Der Löser hört auf, wenn seine Auswahl nachweislich höchstens diesen Anteil vom Optimum entfernt ist.</translation>
        </message>
        <message>
            <source>The source line the data's licence asks for, e.g. '© GeoSN, dl-de/by-2-0'. Empty: none.</source>
            <translation>Der Quellenvermerk, den die Lizenz der Daten verlangt, z. B. „© GeoSN, dl-de/by-2-0“. Leer: keiner.</translation>
        </message>
        <message>
            <source>The species preset '{key}' is missing from resources/species_presets.csv. Restore the file or choose SPECIES_PRESET 'None' and enter MAX_COST.</source>
            <translation>Die Artvoreinstellung „{key}“ fehlt in resources/species_presets.csv. Stellen Sie die Datei wieder her oder wählen Sie SPECIES_PRESET „Keine“ und geben Sie MAX_COST ein.</translation>
        </message>
        <message>
            <source>The stretches of the link paths on gap cells (from_id, to_id, length_m): where a stepping stone or a hedge would close the network. Buffer them to use them as the compensation screening's CORRIDORS layer.</source>
            <translation>Die Abschnitte der Verbindungswege auf Lückenzellen (from_id, to_id, length_m): wo ein Trittstein oder eine Hecke den Verbund schließen würde. Puffern Sie sie, um sie als CORRIDORS-Layer der Kompensationssuche zu verwenden.</translation>
        </message>
        <message>
            <source>The values a planner fills in, as JSON, e.g. {"author": "Amt für Umweltschutz", "demand": 20000000, "date": "2026-11-25"}. The template's template.json lists the field ids; required fields without a default must be given.</source>
            <translation>Die Werte, die Planende ausfüllen, als JSON, z. B. {"author": "Amt für Umweltschutz", "demand": 20000000, "date": "2026-11-25"}. Die template.json der Vorlage nennt die Feld-ids; Pflichtfelder ohne Vorgabe müssen angegeben werden.</translation>
        </message>
        <message>
            <source>The walk by rank is kept in the field sel_greedy, so the report compares both.</source>
            <translation>Die Auswahl nach Rang bleibt im Feld sel_greedy erhalten, so vergleicht der Bericht beide.</translation>
        </message>
        <message>
            <source>The whole city–countryside analysis in one run: riparian strips and development corridors, flood-risk zones, the biotope network (links and gaps), the compensation screening with these three as co-benefits, and the report 'Stadt-Land-Bilanz' (HTML and Word).</source>
            <translation>Die ganze Stadt-Land-Analyse in einem Lauf: Gewässerrandstreifen und Entwicklungskorridore, Hochwasser-Risikozonen, der Biotopverbund (Verbindungen und Lücken), das Kompensationsflächen-Screening mit diesen dreien als Zusatznutzen und der Bericht „Stadt-Land-Bilanz“ (HTML und Word).</translation>
        </message>
        <message>
            <source>The whole raster is the analysis extent. Give either this or LANDUSE.</source>
            <translation>Das ganze Raster ist das Analysegebiet. Geben Sie entweder dieses oder LANDUSE an.</translation>
        </message>
        <message>
            <source>The window does not fit in memory in one piece: it is processed in tiles.</source>
            <translation>Der Ausschnitt passt nicht in einem Stück in den Speicher: er wird in Kacheln gerechnet.</translation>
        </message>
        <message>
            <source>There was not enough memory for the flood-risk zones. Close other programs, resample the DEM to larger cells (Raster &gt; Projections &gt; Warp) or filter the river layer to the area of interest, and run again.</source>
            <translation>Für die Hochwasser-Risikozonen reichte der Arbeitsspeicher nicht. Schließen Sie andere Programme, vergröbern Sie das DGM (Raster &gt; Projektionen &gt; Transformieren) oder filtern Sie den Gewässer-Layer auf das Untersuchungsgebiet und starten Sie erneut.</translation>
        </message>
        <message>
            <source>This algorithm needs Python packages that do not work in this QGIS ({problems}). Install them with: {command} — then restart QGIS.</source>
            <translation>Dieser Algorithmus braucht Python-Pakete, die in diesem QGIS nicht funktionieren ({problems}). Installieren Sie sie mit: {command} — und starten Sie QGIS neu.</translation>
        </message>
        <message>
            <source>Ties go to the least total area.</source>
            <translation>Bei Gleichstand gilt die kleinste Gesamtfläche.</translation>
        </message>
        <message>
            <source>Tile size (cells, 0 = automatic)</source>
            <translation>Kachelgröße (Zellen, 0 = automatisch)</translation>
        </message>
        <message>
            <source>Tiled run: {rows} × {cols} cells in {tiles} tiles of {tile} × {tile} cells (halo {halo} cells); about {memory} of memory, {disk} of temporary disk space and {minutes} min.</source>
            <translation>Lauf in Kacheln: {rows} × {cols} Zellen in {tiles} Kacheln zu {tile} × {tile} Zellen (Rand {halo} Zellen); etwa {memory} Speicher, {disk} temporärer Plattenplatz und {minutes} min.</translation>
        </message>
        <message>
            <source>Time limit of the solver (s)</source>
            <translation>Zeitgrenze des Lösers (s)</translation>
        </message>
        <message>
            <source>Total uplift (eco-points)</source>
            <translation>Gesamte Aufwertung (Wertpunkte)</translation>
        </message>
        <message>
            <source>Turning the zones into polygons …</source>
            <translation>Zonen in Polygone umwandeln …</translation>
        </message>
        <message>
            <source>Used by the ruleset custom only. Default 10 m = SächsWG §24(2).</source>
            <translation>Nur für das Regelwerk custom. Vorgabe 10 m = SächsWG §24 Abs. 2.</translation>
        </message>
        <message>
            <source>Used by the ruleset custom only. Default 5 m = SächsWG §24(2); 0 = no strip inside.</source>
            <translation>Nur für das Regelwerk custom. Vorgabe 5 m = SächsWG §24 Abs. 2; 0 = innerhalb kein Streifen.</translation>
        </message>
        <message>
            <source>Used by the ruleset custom only. Default 5 m = SächsWG §24(3) no. 1; 0 = no such band.</source>
            <translation>Nur für das Regelwerk custom. Vorgabe 5 m = SächsWG §24 Abs. 3 Nr. 1; 0 = kein solches Band.</translation>
        </message>
        <message>
            <source>User guide: parameters, method and formulas, a worked example, limits</source>
            <translation>Benutzerhandbuch: Parameter, Verfahren und Formeln, ein Rechenbeispiel, Grenzen</translation>
        </message>
        <message>
            <source>Valuation method</source>
            <translation>Bewertungsmethode</translation>
        </message>
        <message>
            <source>Valuation: {method} ({path})</source>
            <translation>Bewertung: {method} ({path})</translation>
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
            <source>WHG §38a slope band on farmland only (land-use codes starting with {codes})</source>
            <translation>Hangstreifen nach WHG §38a nur auf landwirtschaftlichen Flächen (Nutzungscodes beginnend mit {codes})</translation>
        </message>
        <message>
            <source>Water &amp; floods</source>
            <translation>Gewässer &amp; Hochwasser</translation>
        </message>
        <message>
            <source>Water bodies up to the top of the bank</source>
            <translation>Gewässer bis zur Böschungsoberkante</translation>
        </message>
        <message>
            <source>Water bodies with their banks up to the top of the bank (Böschungsoberkante), e.g. surveyed or from DGM1. Where a river runs inside them, the strip is measured from their edge (WHG §38(2) sentence 2, SächsWG §24(1), (2)); elsewhere from the bank width or the bank rule.</source>
            <translation>Gewässer mit ihren Böschungen bis zur Böschungsoberkante, z. B. vermessen oder aus DGM1. Wo ein Gewässer darin verläuft, wird der Streifen ab ihrem Rand gemessen (WHG §38 Abs. 2 Satz 2, SächsWG §24 Abs. 1, 2); sonst ab der Böschungsbreite oder der Böschungsregel.</translation>
        </message>
        <message>
            <source>Weight in the score (default 0: the ranking stays as without the estimates). The share is the estimate over a full mark, at most 1: 50 kg N/ha·a of leaching avoided, or 1 t C/ha·a</source>
            <translation>Gewicht in der Bewertung (Vorgabe 0: die Rangfolge bleibt wie ohne die Schätzungen). Der Anteil ist die Schätzung geteilt durch eine volle Marke, höchstens 1: 50 kg N/ha·a vermiedene Auswaschung oder 1 t C/ha·a</translation>
        </message>
        <message>
            <source>Weight in the score of min(1, gain_eca / 1 % of the network's ECA): a candidate that raises ECA by 1 % counts like a full co-benefit share (an assumption of the plugin).</source>
            <translation>Gewicht von min(1, gain_eca / 1 % der ECA des Netzes) in der Bewertung: ein Kandidat, der ECA um 1 % hebt, zählt wie ein voller Mehrwert-Anteil (Annahme des Plugins).</translation>
        </message>
        <message>
            <source>Weight in the score of what each candidate adds to the biotope network (ECA gain). 0: shown in the report, not weighted.</source>
            <translation>Gewicht dessen, was jeder Kandidat zum Biotopverbund beiträgt (ECA-Zuwachs), in der Bewertung. 0: im Bericht gezeigt, nicht gewichtet.</translation>
        </message>
        <message>
            <source>Weight in the score; the uplift enters as (value_target − value_now)/24, each co-benefit as its area share 0–1. 0 switches a criterion off. The /24 scaling and the default weights 1 are assumptions (Annahme) of the plugin, not from a law.</source>
            <translation>Gewicht in der Bewertung; die Aufwertung geht als (value_target − value_now)/24 ein, jeder Zusatznutzen als Flächenanteil 0–1. 0 schaltet ein Kriterium ab. Die Skalierung /24 und die Vorgabegewichte 1 sind Annahmen des Plugins, nicht aus einem Gesetz.</translation>
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
            <source>Weight of nitrate leaching avoided</source>
            <translation>Gewicht der vermiedenen Nitratauswaschung</translation>
        </message>
        <message>
            <source>Weight of riparian strips</source>
            <translation>Gewicht Gewässerrandstreifen</translation>
        </message>
        <message>
            <source>Weight of soil carbon stored</source>
            <translation>Gewicht des gebundenen Bodenkohlenstoffs</translation>
        </message>
        <message>
            <source>Weight of the biotope network</source>
            <translation>Gewicht Biotopverbund</translation>
        </message>
        <message>
            <source>Weight of the connectivity gain</source>
            <translation>Gewicht des Verbundgewinns</translation>
        </message>
        <message>
            <source>Weight of the eco-point uplift</source>
            <translation>Gewicht der Wertpunkt-Aufwertung</translation>
        </message>
        <message>
            <source>What W_WATER weighs: the share of the candidate inside the drinking-water protection zones, or that share times the nitrate share (leaching avoided over 50 kg N/ha·a): land in a zone where the measure keeps no nitrate out then counts nothing for drinking water.</source>
            <translation>Was W_WATER gewichtet: den Anteil des Kandidaten in den Trinkwasserschutzgebieten oder diesen Anteil mal dem Nitratanteil (vermiedene Auswaschung über 50 kg N/ha·a): Land in einer Schutzzone, auf dem die Maßnahme kein Nitrat zurückhält, zählt dann nicht für das Trinkwasser.</translation>
        </message>
        <message>
            <source>When the candidates and every overlay layer (exclusions, co-benefit layers, municipalities) are tables of one PostGIS database in the CRS of the run, the database computes the exclusions, the co-benefit shares, zone I, the designated flood zones and the municipalities.</source>
            <translation>Sind die Kandidaten und jeder Überlagerungs-Layer (Ausschlüsse, Zusatznutzen-Layer, Gemeinden) Tabellen einer PostGIS-Datenbank im KBS des Laufs, berechnet die Datenbank die Ausschlüsse, die Zusatznutzen-Anteile, Zone I, die festgesetzten Überschwemmungsgebiete und die Gemeinden.</translation>
        </message>
        <message>
            <source>Where the terrain cannot tell</source>
            <translation>Wo das Gelände nichts entscheidet</translation>
        </message>
        <message>
            <source>Which habitat patches are connected for a species group, where the least-cost links and corridors between them run, where the gaps are that a measure (a hedge, a compensation area) would close, and which patches matter most for the network.</source>
            <translation>Welche Kernflächen für eine Artengruppe verbunden sind, wo die Verbindungen und Korridore geringster Kosten zwischen ihnen verlaufen, wo die Lücken liegen, die eine Maßnahme (eine Hecke, eine Kompensationsfläche) schließen würde, und welche Kernflächen für den Verbund am wichtigsten sind.</translation>
        </message>
        <message>
            <source>Who prepared the report (shown in the report; the report needs it).</source>
            <translation>Wer den Bericht erstellt hat (steht im Bericht; der Bericht braucht die Angabe).</translation>
        </message>
        <message>
            <source>With a demand, candidates are selected by rank until it is covered; on good arable soils the tool proposes production-integrated compensation (BNatSchG §15(3)).</source>
            <translation>Mit einem Bedarf werden Kandidaten nach Rang gewählt, bis er gedeckt ist; auf guten Ackerböden schlägt das Werkzeug produktionsintegrierte Kompensation vor (BNatSchG §15(3)).</translation>
        </message>
        <message>
            <source>With official zones: per river class the height above the river that reproduces them best (the highest critical success index CSI = hits / (hits + misses + false alarms), in steps of 5 cm up to 20 m) is fitted on the rivers whose cells lie inside them.</source>
            <translation>Mit festgesetzten Gebieten: je Gewässerklasse wird die Höhe über dem Gewässer, die sie am besten wiedergibt (der höchste Critical Success Index CSI = Treffer / (Treffer + Verfehlte + Fehlalarme), in Schritten von 5 cm bis 20 m), auf den Gewässern angepasst, deren Zellen in ihnen liegen.</translation>
        </message>
        <message>
            <source>Without a field every line is taken as digitised downstream. ATKIS gives canals (function 8300) always false, meaning no defined flow direction: leave them out or set their value.</source>
            <translation>Ohne Feld gilt jede Linie als flussabwärts digitalisiert. ATKIS gibt Kanälen (Funktion 8300) immer false, was dort „keine definierte Fließrichtung“ bedeutet: Lassen Sie sie weg oder setzen Sie ihren Wert.</translation>
        </message>
        <message>
            <source>Word report</source>
            <translation>Word-Bericht</translation>
        </message>
        <message>
            <source>Word …</source>
            <translation>Word …</translation>
        </message>
        <message>
            <source>Written: {path}</source>
            <translation>Geschrieben: {path}</translation>
        </message>
        <message>
            <source>Yearly percolation from the root zone (e.g. KliWES) for the nitrate leaching avoided per measure. Empty: 85 mm/a everywhere, an assumption for the Leipzig lowland.</source>
            <translation>Jährliche Sickerwasserrate aus dem Wurzelraum (z. B. KliWES) für die vermiedene Nitratauswaschung je Maßnahme. Leer: überall 85 mm/a, eine Annahme für das Leipziger Tiefland.</translation>
        </message>
        <message>
            <source>Yearly percolation from the root zone in mm/a (Sickerwasserrate, e.g. from the Saxon water-balance portal KliWES), sampled at a point inside each candidate. It sets the exchange frequency of the soil water (Ad-hoc-AG Boden, VKR 7.8) and so the nitrate leaching avoided.</source>
            <translation>Jährliche Sickerwasserrate aus dem Wurzelraum in mm/a (z. B. aus dem Wasserhaushaltsportal Sachsen, KliWES), an einem Punkt in jedem Kandidaten abgegriffen. Sie bestimmt die Austauschhäufigkeit des Bodenwassers (Ad-hoc-AG Boden, VKR 7.8) und damit die vermiedene Nitratauswaschung.</translation>
        </message>
        <message>
            <source>Yes (default): one polygon per zone, band and slope band. No: one per river feature, with its id and name fields; the strips are split between the features, so area still counts once.</source>
            <translation>Ja (Vorgabe): ein Polygon je Zone, Band und Hangstreifen. Nein: eines je Gewässerobjekt, mit dessen ID- und Namensfeld; die Streifen werden zwischen den Objekten aufgeteilt, sodass jede Fläche weiterhin einmal zählt.</translation>
        </message>
        <message>
            <source>Zone areas (JSON)</source>
            <translation>Zonenflächen (JSON)</translation>
        </message>
        <message>
            <source>Zone field of the flood zones</source>
            <translation>Zonenfeld der Hochwasserzonen</translation>
        </message>
        <message>
            <source>Zone field of the protection zones</source>
            <translation>Zonenfeld der Schutzgebiete</translation>
        </message>
        <message>
            <source>Zone | area ha</source>
            <translation>Zone | Fläche ha</translation>
        </message>
        <message>
            <source>Zone | band m | slope band | area ha</source>
            <translation>Zone | Band m | Hangstreifen | Fläche ha</translation>
        </message>
        <message>
            <source>all classes</source>
            <translation>alle Klassen</translation>
        </message>
        <message>
            <source>all features</source>
            <translation>alle Objekte</translation>
        </message>
        <message>
            <source>arable land inside a riparian strip (SächsWG §24): no conversion of grassland to arable, 5 m without fertiliser</source>
            <translation>Acker im Gewässerrandstreifen (SächsWG §24): kein Grünlandumbruch, 5 m ohne Dünger</translation>
        </message>
        <message>
            <source>codes from the resistance table</source>
            <translation>Codes aus der Widerstandstabelle</translation>
        </message>
        <message>
            <source>dPC = dPCintra (the patch's own area) + dPCflux (flow from and to it) + dPCconnector (its role as a stepping stone between the others), after Saura &amp; Rubio (2010).</source>
            <translation>dPC = dPCintra (die eigene Fläche der Kernfläche) + dPCflux (Fluss von und zu ihr) + dPCconnector (ihre Rolle als Trittstein zwischen den anderen), nach Saura &amp; Rubio (2010).</translation>
        </message>
        <message>
            <source>de (default): German; en: English labels and texts.</source>
            <translation>de (Vorgabe): Deutsch; en: englische Beschriftungen und Texte.</translation>
        </message>
        <message>
            <source>development corridor</source>
            <translation>Entwicklungskorridor</translation>
        </message>
        <message>
            <source>else the table's default class. Soil types not in the table are named in one warning.</source>
            <translation>sonst die Regelklasse der Tabelle. Bodenarten, die nicht in der Tabelle stehen, nennt eine Warnung.</translation>
        </message>
        <message>
            <source>estimated HQ100, calibrated on the designated zones</source>
            <translation>geschätztes HQ100, an den festgesetzten Gebieten kalibriert</translation>
        </message>
        <message>
            <source>estimated zone {zone}</source>
            <translation>geschätzte Zone {zone}</translation>
        </message>
        <message>
            <source>farmland keeps a closed plant cover all year (slope of at least 5 % towards the water, WHG §38a)</source>
            <translation>auf landwirtschaftlichen Flächen ganzjährig geschlossene Pflanzendecke erhalten (Hangneigung zum Gewässer mindestens 5 %, WHG §38a)</translation>
        </message>
        <message>
            <source>hit_rate, false_alarm_ratio, csi, and calibrated_m2 (area of zone 100 of the class; in the last row of all). Empty without official zones.</source>
            <translation>hit_rate, false_alarm_ratio, csi und calibrated_m2 (Fläche der Zone 100 der Klasse; in der letzten Zeile die ganze). Leer ohne festgesetzte Gebiete.</translation>
        </message>
        <message>
            <source>in its CRS {crs} one unit is {scale} m on the ground there</source>
            <translation>in seinem KBS {crs} ist eine Einheit dort {scale} m im Gelände</translation>
        </message>
        <message>
            <source>in the OSGeo4W Shell (Start menu, QGIS folder): {command}</source>
            <translation>in der OSGeo4W Shell (Startmenü, Ordner QGIS): {command}</translation>
        </message>
        <message>
            <source>inside built-up areas</source>
            <translation>innerorts</translation>
        </message>
        <message>
            <source>inside drinking-water protection zone I: measures only in agreement with the water utility (DVGW W 101)</source>
            <translation>in Trinkwasserschutzzone I: Maßnahmen nur im Einvernehmen mit dem Wasserversorger (DVGW W 101)</translation>
        </message>
        <message>
            <source>installed but fails: {error}</source>
            <translation>installiert, aber fehlerhaft: {error}</translation>
        </message>
        <message>
            <source>its CRS {crs} is not in metres</source>
            <translation>sein KBS {crs} ist nicht in Metern</translation>
        </message>
        <message>
            <source>level surface of at least 1 ha (a lake or as flat as one)</source>
            <translation>ebene Fläche von mindestens 1 ha (ein See oder so flach wie einer)</translation>
        </message>
        <message>
            <source>low relief: the terrain within MAX_DISTANCE varies less than the highest threshold</source>
            <translation>geringes Relief: das Gelände im Umkreis von MAX_DISTANCE schwankt weniger als die höchste Schwelle</translation>
        </message>
        <message>
            <source>n of the bank slope 1:n (horizontal metres per metre of height) in the bank rule. Default 1.5: an assumption (Annahme), the steepest slope water associations usually accept for ditch banks.</source>
            <translation>n der Böschungsneigung 1:n (waagerechte Meter je Meter Höhe) in der Böschungsregel. Vorgabe 1,5: eine Annahme, die steilste Neigung, die Wasserverbände für Grabenböschungen gewöhnlich zulassen.</translation>
        </message>
        <message>
            <source>no buildings or other structures unless site-bound or needed for water management (SächsWG §24(3) no. 2)</source>
            <translation>keine baulichen und sonstigen Anlagen, soweit nicht standortgebunden oder wasserwirtschaftlich erforderlich (SächsWG §24 Abs. 3 Nr. 2)</translation>
        </message>
        <message>
            <source>no conversion of grassland to arable land, no removal of site-appropriate trees and shrubs, no planting of non-site-appropriate ones, no handling of substances hazardous to water, no permanent deposits that can be washed away (WHG §38(4))</source>
            <translation>keine Umwandlung von Grünland in Ackerland, kein Entfernen standortgerechter Bäume und Sträucher, kein Neuanpflanzen nicht standortgerechter, kein Umgang mit wassergefährdenden Stoffen, keine dauerhafte Ablagerung fortschwemmbarer Gegenstände (WHG §38 Abs. 4)</translation>
        </message>
        <message>
            <source>no deposits, not even temporary ones, of objects that can hinder the flow or be washed away (SächsWG §24(3) no. 3)</source>
            <translation>keine, auch nur zeitweise, Ablagerung von Gegenständen, die den Wasserabfluss behindern oder fortgeschwemmt werden können (SächsWG §24 Abs. 3 Nr. 3)</translation>
        </message>
        <message>
            <source>no fertilisers or pesticides (SächsWG §24(3) no. 1)</source>
            <translation>keine Dünge- und Pflanzenschutzmittel (SächsWG §24 Abs. 3 Nr. 1)</translation>
        </message>
        <message>
            <source>no. 8 converting floodplain forest to another use. Not for flood protection, watercourse development or maintenance (sentence 2). The authority may permit a measure case by case (§78a(2)) or the zone's ordinance generally (§78a(4)).</source>
            <translation>Nr. 8 die Umwandlung von Auwald in eine andere Nutzungsart. Nicht für Maßnahmen des Hochwasserschutzes, des Gewässerausbaus oder der Gewässerunterhaltung (Satz 2). Die Behörde kann eine Maßnahme im Einzelfall zulassen (§78a Abs. 2) oder die Verordnung des Gebiets allgemein (§78a Abs. 4).</translation>
        </message>
        <message>
            <source>not given</source>
            <translation>ohne Angabe</translation>
        </message>
        <message>
            <source>not installed</source>
            <translation>nicht installiert</translation>
        </message>
        <message>
            <source>official flood zone (designated)</source>
            <translation>festgesetztes Überschwemmungsgebiet</translation>
        </message>
        <message>
            <source>outside built-up areas</source>
            <translation>außerorts</translation>
        </message>
        <message>
            <source>own class</source>
            <translation>eigene Klasse</translation>
        </message>
        <message>
            <source>prime soil: production-integrated compensation proposed instead of taking the land out of farming (BNatSchG §15(3))</source>
            <translation>hochwertiger Boden: produktionsintegrierte Kompensation statt Nutzungsaufgabe vorgeschlagen (BNatSchG §15(3))</translation>
        </message>
        <message>
            <source>resistance values</source>
            <translation>Widerstandswerte</translation>
        </message>
        <message>
            <source>riparian strip {zone}, {band}</source>
            <translation>Randstreifen {zone}, {band}</translation>
        </message>
        <message>
            <source>saxony (default): SächsWG §24(2), 10 m outside and 5 m inside built-up areas, the first 5 m without fertiliser and pesticides (§24(3) no. 1). federal: WHG §38(3), 5 m outside, none inside. custom: the three widths below, e.g. as set by the water authority (WHG §38(3) sentence 2).</source>
            <translation>saxony (Vorgabe): SächsWG §24 Abs. 2, 10 m außerhalb und 5 m innerhalb der Ortslagen, die ersten 5 m ohne Dünge- und Pflanzenschutzmittel (§24 Abs. 3 Nr. 1). federal: WHG §38 Abs. 3, 5 m außerhalb, innerhalb keiner. custom: die drei Breiten unten, z. B. wie von der Wasserbehörde festgesetzt (WHG §38 Abs. 3 Satz 2).</translation>
        </message>
        <message>
            <source>the candidate layer has no single key column among its fields</source>
            <translation>der Kandidaten-Layer hat keine einzelne Schlüsselspalte unter seinen Feldern</translation>
        </message>
        <message>
            <source>the candidate layer is not a PostGIS layer</source>
            <translation>der Kandidaten-Layer ist kein PostGIS-Layer</translation>
        </message>
        <message>
            <source>the key column of the candidate layer does not name each of its features once</source>
            <translation>die Schlüsselspalte des Kandidaten-Layers benennt nicht jedes seiner Objekte genau einmal</translation>
        </message>
        <message>
            <source>the key column of the candidate layer is neither integer nor text</source>
            <translation>die Schlüsselspalte des Kandidaten-Layers ist weder ganzzahlig noch Text</translation>
        </message>
        <message>
            <source>up to {upper} m above the river (estimated)</source>
            <translation>bis {upper} m über dem Gewässer (geschätzt)</translation>
        </message>
        <message>
            <source>version 2 or newer is needed (this one has no vectorised functions)</source>
            <translation>Version 2 oder neuer nötig (diese hat keine vektorisierten Funktionen)</translation>
        </message>
        <message>
            <source>woody measure inside a designated flood zone: WHG §78a(1) no. 6 bans tree and shrub plantings that run against flood protection, unless the authority allows them (§78a(2)) - check with the water authority or choose grassland</source>
            <translation>Gehölzmaßnahme im festgesetzten Überschwemmungsgebiet: WHG §78a Abs. 1 Nr. 6 untersagt Baum- und Strauchpflanzungen, die dem Hochwasserschutz entgegenstehen, sofern die Behörde sie nicht zulässt (§78a Abs. 2) – mit der Wasserbehörde klären oder Grünland wählen</translation>
        </message>
        <message>
            <source>zone 0: official flood zone</source>
            <translation>Zone 0: festgesetztes Überschwemmungsgebiet</translation>
        </message>
        <message>
            <source>zone 100: estimated HQ100 (calibrated on the official zones)</source>
            <translation>Zone 100: geschätztes HQ100 (an den festgesetzten Gebieten kalibriert)</translation>
        </message>
        <message>
            <source>zone {zone}: up to {upper} m above the river</source>
            <translation>Zone {zone}: bis {upper} m über dem Gewässer</translation>
        </message>
        <message>
            <source>zone {zone}: {lower} to {upper} m above the river</source>
            <translation>Zone {zone}: {lower} bis {upper} m über dem Gewässer</translation>
        </message>
        <message>
            <source>{codes} land-use codes ({count} features) are not in the value table {table}; these features were skipped: {listed}. Add rows for the codes to the value table if they should be screened.</source>
            <translation>{codes} Nutzungscodes ({count} Objekte) stehen nicht in der Wertetabelle {table}; diese Objekte wurden übersprungen: {listed}. Ergänzen Sie Zeilen für die Codes in der Wertetabelle, wenn sie geprüft werden sollen.</translation>
        </message>
        <message>
            <source>{count} candidate areas lie outside the percolation raster or on its no-data cells; they use the default percolation of {mm:g} mm/a.</source>
            <translation>{count} Kandidatenflächen liegen außerhalb des Sickerwasser-Rasters oder auf seinen NoData-Zellen; für sie gilt die Sickerwasserrate ohne Raster von {mm:g} mm/a.</translation>
        </message>
        <message>
            <source>{count} candidate parts on a biotope link have no resistance now or as target: their connectivity gain is left empty.</source>
            <translation>{count} Kandidatenteile auf einer Verbundverbindung haben keinen heutigen oder Ziel-Widerstand: ihr Verbundgewinn bleibt leer.</translation>
        </message>
        <message>
            <source>{count} candidates have a negative soil index (e.g. {value}): it counts as missing, so they get no PIK. Correct SOIL_FIELD if that is wrong.</source>
            <translation>{count} Kandidaten haben eine negative Bodenzahl (z. B. {value}): sie gilt als fehlend, daher erhalten sie keine PIK. Korrigieren Sie SOIL_FIELD, falls das falsch ist.</translation>
        </message>
        <message>
            <source>{count} exposure features are neither polygons nor points and were ignored.</source>
            <translation>{count} Objekte des Betroffenheits-Layers sind weder Polygone noch Punkte und wurden ignoriert.</translation>
        </message>
        <message>
            <source>{count} feature(s) of the layer '{layer}' cannot be transformed from {source} to {target}: their coordinates do not fit the layer's CRS. Check the CRS assigned to the layer (Layer properties &gt; Source) and run again.</source>
            <translation>{count} Objekt(e) des Layers '{layer}' lassen sich nicht von {source} nach {target} transformieren: ihre Koordinaten passen nicht zum KBS des Layers. Prüfen Sie das dem Layer zugewiesene KBS (Layereigenschaften &gt; Quelle) und starten Sie erneut.</translation>
        </message>
        <message>
            <source>{count} feature(s) of the layer '{layer}' have a geometry that cannot be read (e.g. a ring with fewer than four points); they are left out. Repair the layer (Vector geometry &gt; Fix geometries).</source>
            <translation>{count} Objekt(e) des Layers '{layer}' haben eine Geometrie, die sich nicht lesen lässt (z. B. einen Ring mit weniger als vier Punkten); sie werden ausgelassen. Reparieren Sie den Layer (Vektorgeometrie &gt; Geometrien reparieren).</translation>
        </message>
        <message>
            <source>{count} features have no land-use code and were skipped. Fill the land-use field or choose another LANDUSE_FIELD.</source>
            <translation>{count} Objekte haben keinen Nutzungscode und wurden übersprungen. Nutzungsfeld füllen oder ein anderes LANDUSE_FIELD wählen.</translation>
        </message>
        <message>
            <source>{count} further classes, each under 0.01 ha</source>
            <translation>{count} weitere Klassen, je unter 0,01 ha</translation>
        </message>
        <message>
            <source>{count} further land uses, each under 0.01 ha</source>
            <translation>{count} weitere Nutzungen, je unter 0,01 ha</translation>
        </message>
        <message>
            <source>{count} invalid candidate geometries were repaired (make_valid). Check them with the 'Check validity' tool if a result looks wrong.</source>
            <translation>{count} ungültige Kandidatengeometrien wurden repariert (make_valid). Bei auffälligen Ergebnissen mit dem Werkzeug 'Gültigkeit prüfen' kontrollieren.</translation>
        </message>
        <message>
            <source>{count} invalid river polygons were repaired (make_valid). Check them with the 'Check validity' tool if a result looks wrong.</source>
            <translation>{count} ungültige Gewässerpolygone wurden repariert (make_valid). Prüfen Sie sie mit dem Werkzeug 'Gültigkeit prüfen', wenn ein Ergebnis falsch aussieht.</translation>
        </message>
        <message>
            <source>{count} land-use features have no resistance (NULL); they get the default resistance {default} (features {fids}).</source>
            <translation>{count} Nutzungsobjekte haben keinen Widerstand (NULL); sie erhalten den Vorgabewiderstand {default} (Objekte {fids}).</translation>
        </message>
        <message>
            <source>{count} links cost more than MAX_COST = {max_cost} and were dropped.</source>
            <translation>{count} Verbindungen kosten mehr als MAX_COST = {max_cost} und entfallen.</translation>
        </message>
        <message>
            <source>{count} links end at a patch that is not in the patches layer (e.g. id {id}). Use the links and patches of one run of the biotope-corridor tool.</source>
            <translation>{count} Verbindungen enden an einer Kernfläche, die nicht in der Kernflächenschicht steht (z. B. ID {id}). Verwenden Sie Verbindungen und Kernflächen eines Laufs der Biotopverbund-Analyse.</translation>
        </message>
        <message>
            <source>{count} links were dropped because their least-cost path crosses a third patch (e.g. {a}–{b} through {c}).</source>
            <translation>{count} Verbindungen entfallen, weil ihr kostengünstigster Weg durch eine dritte Kernfläche führt (z. B. {a}–{b} durch {c}).</translation>
        </message>
        <message>
            <source>{count} of {total} links have no probability (prob): the links layer is incomplete. Run the biotope-corridor tool again with a dispersal kernel.</source>
            <translation>{count} von {total} Verbindungen haben keine Wahrscheinlichkeit (prob): die Verbindungsschicht ist unvollständig. Führen Sie die Biotopverbund-Analyse erneut mit einem Ausbreitungskern aus.</translation>
        </message>
        <message>
            <source>{count} parcels have parts locked in and parts locked out; a parcel is selected whole or not at all. Correct the locks.</source>
            <translation>{count} Flurstücke haben festgelegte und ausgeschlossene Teile; ein Flurstück wird ganz oder gar nicht gewählt. Korrigieren Sie die Festlegungen.</translation>
        </message>
        <message>
            <source>{count} patch features have no id (NULL or NaN in PATCH_ID_FIELD) and are left out.</source>
            <translation>{count} Kernflächen-Objekte haben keine Kennung (NULL oder NaN in PATCH_ID_FIELD) und werden weggelassen.</translation>
        </message>
        <message>
            <source>{count} patches are smaller than MIN_PATCH_AREA ({min_area} m²) and are left out: {ids}.</source>
            <translation>{count} Kernflächen sind kleiner als MIN_PATCH_AREA ({min_area} m²) und werden nicht berücksichtigt: {ids}.</translation>
        </message>
        <message>
            <source>{count} patches got no cell of their own (they lie on cells of smaller patches) and are left out: {ids}.</source>
            <translation>{count} Kernflächen haben keine eigene Zelle erhalten (sie liegen auf Zellen kleinerer Kernflächen) und werden nicht berücksichtigt: {ids}.</translation>
        </message>
        <message>
            <source>{count} patches have no polygon geometry and are left out: {ids}.</source>
            <translation>{count} Kernflächen haben keine Polygongeometrie und werden nicht berücksichtigt: {ids}.</translation>
        </message>
        <message>
            <source>{count} patches lie entirely on impassable cells (nodata or resistance ≤ 0) and cannot be linked: {ids}.</source>
            <translation>{count} Kernflächen liegen ganz auf unpassierbaren Zellen (NoData oder Widerstand ≤ 0) und können nicht verbunden werden: {ids}.</translation>
        </message>
        <message>
            <source>{count} patches lie outside the resistance grid and are left out: {ids}. Extend the resistance raster or the land-use layer to cover them.</source>
            <translation>{count} Kernflächen liegen außerhalb des Widerstandsrasters und werden nicht berücksichtigt: {ids}. Erweitern Sie das Widerstandsraster oder den Nutzungslayer, sodass er sie abdeckt.</translation>
        </message>
        <message>
            <source>{count} patches reach beyond the resistance grid; only their part inside counts for the paths: {ids}.</source>
            <translation>{count} Kernflächen reichen über das Widerstandsraster hinaus; für die Wege zählt nur ihr Teil innerhalb: {ids}.</translation>
        </message>
        <message>
            <source>{count} polygons of BANK_AREAS touch no river of the river layer (or only exempt ones) and were ignored.</source>
            <translation>{count} Polygone von BANK_AREAS berühren kein Gewässer des Gewässerlayers (oder nur ausgenommene) und wurden nicht verwendet.</translation>
        </message>
        <message>
            <source>{count} river features have a negative bank width; the bank rule was used for them. Correct BANK_WIDTH_FIELD.</source>
            <translation>{count} Gewässerobjekte haben eine negative Böschungsbreite; für sie wurde die Böschungsregel verwendet. Korrigieren Sie BANK_WIDTH_FIELD.</translation>
        </message>
        <message>
            <source>{count} river features have a negative channel width; DEFAULT_CHANNEL_WIDTH ({default} m) was used for them. Correct CHANNEL_WIDTH_FIELD.</source>
            <translation>{count} Gewässerobjekte haben eine negative Gewässerbreite; für sie wurde DEFAULT_CHANNEL_WIDTH ({default} m) verwendet. Korrigieren Sie CHANNEL_WIDTH_FIELD.</translation>
        </message>
        <message>
            <source>{count} river features with an unusable geometry (a point, a line without length or a polygon without area) were skipped (feature ids {ids}). Check them with the 'Check validity' tool.</source>
            <translation>{count} Gewässerobjekte mit unbrauchbarer Geometrie (ein Punkt, eine Linie ohne Länge oder ein Polygon ohne Fläche) wurden übersprungen (Objekt-IDs {ids}). Prüfen Sie sie mit dem Werkzeug 'Gültigkeit prüfen'.</translation>
        </message>
        <message>
            <source>{count} river features without geometry were skipped (feature ids {ids}).</source>
            <translation>{count} Gewässerobjekte ohne Geometrie wurden übersprungen (Objekt-IDs {ids}).</translation>
        </message>
        <message>
            <source>{count} river lines end more than {rise:g} m higher than they start: are they digitised upstream? The water level is taken as falling in (corrected) digitising direction. Give FLOW_DIRECTION, or reverse such lines (Vector geometry &gt; Reverse line direction).</source>
            <translation>{count} Gewässerlinien enden mehr als {rise:g} m höher, als sie beginnen: Sind sie flussaufwärts digitalisiert? Der Wasserspiegel gilt als fallend in (korrigierter) Digitalisierrichtung. Geben Sie FLOW_DIRECTION an oder drehen Sie solche Linien um (Vektor-Geometrie &gt; Linienrichtung umkehren).</translation>
        </message>
        <message>
            <source>{count} river lines have no channel width (empty field and DEFAULT_CHANNEL_WIDTH 0): their strips start at the line itself. Set CHANNEL_WIDTH_FIELD or DEFAULT_CHANNEL_WIDTH to start them at the bank.</source>
            <translation>{count} Gewässerlinien haben keine Gewässerbreite (leeres Feld und DEFAULT_CHANNEL_WIDTH 0): ihre Streifen beginnen an der Linie selbst. Setzen Sie CHANNEL_WIDTH_FIELD oder DEFAULT_CHANNEL_WIDTH, damit sie am Ufer beginnen.</translation>
        </message>
        <message>
            <source>{count} soil types are not in the soil-class table {table}; those parts use their soil index or the default class: {listed}.</source>
            <translation>{count} Bodenarten stehen nicht in der Bodenklassen-Tabelle {table}; diese Flächen nutzen ihre Bodenzahl oder die Regelklasse: {listed}.</translation>
        </message>
        <message>
            <source>{count} waters exempt by EXEMPT_EXPRESSION (SächsWG §1(2), WHG §2(2)) got no strip and no corridor ({length:.0f} m; feature ids {ids}).</source>
            <translation>{count} nach EXEMPT_EXPRESSION ausgenommene Gewässer (SächsWG §1 Abs. 2, WHG §2 Abs. 2) erhielten keinen Streifen und keinen Korridor ({length:.0f} m; Objekt-IDs {ids}).</translation>
        </message>
        <message>
            <source>{count} worker processes computed the passes per patch, each with up to {mb} MB of memory of its own.</source>
            <translation>{count} Arbeitsprozesse haben die Durchläufe je Kernfläche berechnet, jeder mit bis zu {mb} MB eigenem Speicher.</translation>
        </message>
        <message>
            <source>{layer}: {count} invalid geometries were repaired (make_valid).</source>
            <translation>{layer}: {count} ungültige Geometrien wurden repariert (make_valid).</translation>
        </message>
        <message>
            <source>{links} links, {components} components (no dispersal kernel: no PC)</source>
            <translation>{links} Verbindungen, {components} Komponenten (kein Ausbreitungskern: kein PC)</translation>
        </message>
        <message>
            <source>{links} links, {components} components, PC = {pc}, ECA = {eca} ha</source>
            <translation>{links} Verbindungen, {components} Komponenten, PC = {pc}, ECA = {eca} ha</translation>
        </message>
        <message>
            <source>{lower} to {upper} m above the river (estimated)</source>
            <translation>{lower} bis {upper} m über dem Gewässer (geschätzt)</translation>
        </message>
        <message>
            <source>{name} is '{value}', not a number. Enter a number.</source>
            <translation>{name} ist '{value}', keine Zahl. Bitte eine Zahl eingeben.</translation>
        </message>
        <message>
            <source>{name} is '{value}'; it must be a number of at least {minimum}. Correct it.</source>
            <translation>{name} ist '{value}'; der Wert muss eine Zahl von mindestens {minimum} sein. Bitte korrigieren.</translation>
        </message>
        <message>
            <source>{name} is '{value}'; it must be a whole number. Correct it.</source>
            <translation>{name} ist '{value}'; es muss eine ganze Zahl sein. Bitte korrigieren.</translation>
        </message>
        <message>
            <source>{name} is '{value}'; it must be between {minimum} and {maximum}. Correct it.</source>
            <translation>{name} ist '{value}'; es muss zwischen {minimum} und {maximum} liegen. Bitte korrigieren.</translation>
        </message>
        <message>
            <source>{output} is written as a Shapefile: field names are cut to 10 characters (the WERTvoll report still reads them) and texts to 254 characters, which may shorten the legal notes. Choose a GeoPackage (.gpkg) to keep them whole.</source>
            <translation>{output} wird als Shapefile geschrieben: Feldnamen werden auf 10 Zeichen gekürzt (der WERTvoll-Bericht liest sie trotzdem) und Texte auf 254 Zeichen, was die Rechtshinweise verkürzen kann. Wählen Sie ein GeoPackage (.gpkg), um sie vollständig zu erhalten.</translation>
        </message>
        <message>
            <source>{partly} river lines lie partly and {outside} wholly outside the DEM or on DEM nodata; only their parts on DEM data were used. Use a DEM covering the whole river network for complete zones.</source>
            <translation>{partly} Gewässerlinien liegen teilweise und {outside} vollständig außerhalb des DGM oder auf NoData-Zellen; nur ihre Teile auf DGM-Daten wurden verwendet. Verwenden Sie für vollständige Zonen ein DGM, das das ganze Gewässernetz abdeckt.</translation>
        </message>
        <message>
            <source>{path} is a folder. Choose a file name for the report, e.g. {example}.</source>
            <translation>{path} ist ein Ordner. Wählen Sie einen Dateinamen für den Bericht, z. B. {example}.</translation>
        </message>
        <message>
            <source>{table} has no spatial index, so the database reads all of it for every candidate. Ask its owner for one: CREATE INDEX ON {table} USING gist (geometry column).</source>
            <translation>{table} hat keinen räumlichen Index, daher liest die Datenbank die ganze Tabelle für jeden Kandidaten. Bitten Sie den Eigentümer um einen: CREATE INDEX ON {table} USING gist (Geometriespalte).</translation>
        </message>
        <message>
            <source>{types} river types ({count} features) are not in the river-type table {path}; the default factor {factor} was used: {listed}. Add rows for them to the table.</source>
            <translation>{types} Gewässertypen ({count} Objekte) stehen nicht in der Gewässertyp-Tabelle {path}; der Standardfaktor {factor} wurde verwendet: {listed}. Ergänzen Sie Zeilen für sie in der Tabelle.</translation>
        </message>
    </context>
</TS>
