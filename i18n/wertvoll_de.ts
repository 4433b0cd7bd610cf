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
            <source>A Processing provider with the id 'wertvoll' is already registered; remove the other copy of the WERTvoll plugin.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Biotope network</source>
            <translation>Biotopverbund</translation>
        </message>
        <message>
            <source>Compensation</source>
            <translation>Kompensation</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Berichte</translation>
        </message>
        <message>
            <source>Run the WERTvoll algorithms from the Processing toolbox (group "WERTvoll city–countryside"). Report templates for compensation, water and the biotope network will be filled in here.</source>
            <translation>Starten Sie die WERTvoll-Algorithmen aus der Processing-Werkzeugkiste (Gruppe „WERTvoll Stadt-Land“). Hier werden künftig die Berichtsvorlagen für Kompensation, Gewässer und Biotopverbund ausgefüllt.</translation>
        </message>
        <message>
            <source>Show or hide the WERTvoll report panel</source>
            <translation>WERTvoll-Berichtsfenster ein- oder ausblenden</translation>
        </message>
        <message>
            <source>Some WERTvoll algorithms are disabled until these Python packages are installed: {packages}</source>
            <translation>Einige WERTvoll-Algorithmen sind abgeschaltet, bis diese Python-Pakete installiert sind: {packages}</translation>
        </message>
        <message>
            <source>This algorithm needs the Python package(s) {packages}. Install them into the Python of QGIS (Linux: python3 -m pip install --user {packages}; Windows: OSGeo4W Shell, then pip install {packages}) and restart QGIS.</source>
            <translation>Dieser Algorithmus benötigt das/die Python-Paket(e) {packages}. Installieren Sie sie in das Python von QGIS (Linux: python3 -m pip install --user {packages}; Windows: OSGeo4W-Shell, dann pip install {packages}) und starten Sie QGIS neu.</translation>
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
    </context>
</TS>
