"""Writes the notebooks in notebooks/ (outputs stripped). Edit here, run, commit both."""
import nbformat as nbf
from nbformat.v4 import new_notebook, new_markdown_cell as md, new_code_cell as code

def save(name, cells):
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:02d}"  # stable ids: rebuilding changes only what was edited
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbf.write(nb, f"notebooks/{name}.ipynb")

save("01_quickstart", [
    md("# Quickstart\n\nRun the toolkit on the bundled sample reports, look at one row with its mentions highlighted, and load the records as a DataFrame."),
    code("import os, pathlib\n# notebooks run from notebooks/: work from the project root\nif pathlib.Path.cwd().name == 'notebooks':\n    os.chdir('..')\nimport extract\nimport pandas as pd"),
    md("## Read a report\n\n`read_report` takes a Word file or its text export and returns every numbered row with the headers it sits under."),
    code("report = extract.read_report('samples/000_5351aeebe505d014.docx')\nprint(report.info.title)\nprint(report.info.year, report.info.quarter, report.info.level)\nrow = report.rows[3]\nrow.id, row.section, row.fields['dates']"),
    md("## Run every stage\n\n`extract.run` is the Python face of `extract run`: one record per row, with entities, places, dates, participant counts and the sector."),
    code("records = extract.run(['samples/000_5351aeebe505d014.docx', 'samples/003_11a4ddde2116b527.docx'])\nlen(records)"),
    code("r = records[3]\n{k: r[k] for k in ('id', 'sector', 'date_start', 'date_end', 'place_settlements', 'countries', 'settlements', 'organizations', 'persons', 'participants_total')}"),
    md("## A row with its mentions highlighted\n\nEvery value carries its character offsets into the column it was read from, so displaCy can draw it (manual mode)."),
    code("from spacy import displacy\nfrom IPython.display import HTML\n\ndef show(record, field='goal'):\n    ents = [{'start': m['start'], 'end': m['end'], 'label': m['label']} for m in record['mentions'] if m['field'] == field]\n    return HTML(displacy.render({'text': record['fields'][field], 'ents': ents}, style='ent', manual=True, jupyter=False))\n\nshow(r)"),
    md("## The records as a DataFrame\n\nThe flat table is what `extract run -o out.csv` writes: list fields joined with `; `."),
    code("from extract.output.schema import flatten\ntable = pd.DataFrame([flatten(r) for r in records])\ntable[['id', 'sector', 'date_start', 'countries', 'settlements', 'participants_total']].head(10)"),
])

save("02_evaluation", [
    md("# Evaluation\n\n`extract evaluate` scores the extractor against the hand-annotated rows in `annotations/`, with natasha and PullEnti run the way a user would as anchors. The samples were the development set of the rules, so these scores are optimistic; `tests/data/heldout/` holds invented reports nobody tuned on (scored at the end)."),
    code("import os, pathlib, json, subprocess, sys\nif pathlib.Path.cwd().name == 'notebooks':\n    os.chdir('..')\nimport importlib.util\nbaselines = ['--baseline', 'natasha'] + (['--baseline', 'pullenti'] if importlib.util.find_spec('pullenti') else [])\nfrom extract.cli import main\nmain(['evaluate', 'annotations/', *baselines, '--json', 'out/eval.json', '--errors', '0'])"),
    code("import pandas as pd\nscores = json.load(open('out/eval.json', encoding='utf-8'))\nsystems = scores['systems']\nlist(systems)"),
    md("## Per field, side by side"),
    code("def headline(system):\n    return {name: f['headline'] for name, f in system['fields'].items()}\nframe = pd.DataFrame({name: headline(s) for name, s in systems.items()})\nframe"),
    code("%matplotlib inline\nimport matplotlib.pyplot as plt\nax = frame.plot.barh(figsize=(8, 6))\nax.set_xlim(0, 1); ax.set_xlabel('F1 / accuracy'); plt.tight_layout()"),
    md("## Sector: confusion matrix\n\nIn-sample for the rows the model was trained on; the honest figures are the report-held-out ones in `models/sector/metrics.json`."),
    code("sector = systems['ours']['fields']['sector']\nconfusion = sector['confusion']\npd.DataFrame(confusion['matrix'], index=confusion['labels'], columns=confusion['labels'])"),
    code("metrics = json.load(open('models/sector/metrics.json', encoding='utf-8'))\n{k: v for k, v in metrics.items() if 'report' in k or 'fold' in k}"),
    md("## Held-out invented reports"),
    code("main(['evaluate', 'tests/data/heldout/', *baselines, '--errors', '0'])"),
])

save("03_international_ties", [
    md("# International ties of Smolensk oblast, as a researcher would look at them\n\nEvents per partner country, per sector, per month and per municipality, from the bundled reports."),
    code("import os, pathlib\nif pathlib.Path.cwd().name == 'notebooks':\n    os.chdir('..')\n%matplotlib inline\nimport extract, pandas as pd\nimport matplotlib.pyplot as plt\nrecords = extract.run(['samples/000_5351aeebe505d014.docx', 'samples/003_11a4ddde2116b527.docx'])\nrows = pd.DataFrame(records)"),
    md("## Events per partner country (Russia left out: every event involves it)"),
    code("countries = rows.explode('countries').dropna(subset=['countries'])\nper_country = countries[countries['countries'] != 'RU'].groupby('countries')['id'].nunique().sort_values()\nper_country.plot.barh(figsize=(6, 6), title='events naming the country'); plt.tight_layout()\nper_country.sort_values(ascending=False).head(10)"),
    md("## Events per sector"),
    code("rows['sector'].value_counts().plot.bar(title='events per sector'); plt.tight_layout()\nrows['sector'].value_counts()"),
    md("## Events per month (by start date)"),
    code("months = pd.to_datetime(rows['date_start']).dt.to_period('M')\nmonths.value_counts().sort_index().plot.bar(title='events per month'); plt.tight_layout()\nmonths.value_counts().sort_index()"),
    md("## Events per municipality (municipal report: the section header)"),
    code("municipal = rows[rows['report'].map(lambda r: r['level']) == 'municipal']\nmunicipal['section'].value_counts().plot.barh(title='events per municipality'); plt.tight_layout()\nmunicipal['section'].value_counts()"),
    md("## Where the events took place"),
    code("rows.explode('place_settlements')['place_settlements'].value_counts().head(15)"),
    md("## From the database: partner countries by year, in SQL\n\n`extract run … -o out/ties.sqlite` writes the archive as an SQLite database: events, mentions, and the settlements, countries, organizations and persons linked across reports. Any SQL client reads it (`extract serve out/ties.sqlite` browses it in Datasette)."),
    code("import sqlite3\nfrom extract.cli import main\nmain(['run', 'samples/000_5351aeebe505d014.docx', 'samples/003_11a4ddde2116b527.docx', '-o', 'out/ties.sqlite', '-q'])\ncon = sqlite3.connect('out/ties.sqlite')\nper_year = pd.read_sql_query(\"\"\"\n    select c.name as country,\n           coalesce(cast(substr(e.date_start, 1, 4) as integer), e.report_year) as year,\n           count(distinct e.id) as events\n    from event_countries l\n    join events e on e.id = l.event_id\n    join countries c on c.code = l.country\n    where c.code != 'RU'\n    group by c.code, year\n    order by events desc\"\"\", con)\ntable = per_year.pivot_table(index='country', columns='year', values='events', aggfunc='sum', fill_value=0)\ntable = table.loc[table.sum(axis=1).sort_values().index].tail(12)  # the twelve with most events\ntable.plot.barh(stacked=True, figsize=(6, 6), title='events per partner country and year (SQL)'); plt.tight_layout()\nper_year.head(10)"),
    md("Bodies named in more than one event, linked across reports (a canned query of `extract serve`):"),
    code("from extract.database.metadata import canned_queries\npd.read_sql_query(canned_queries()['recurring_organizations']['sql'], con)[['name', 'country', 'reports', 'events']].head(10)"),
])
