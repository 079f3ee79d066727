-- title: Ties of one municipality
-- description: The events of one municipality (part of its name as written, "Вязем", "Рудн", "Смоленск": a municipal report's section, or the place column), with their partner countries, foreign settlements and bodies.
select
  e.id,
  e.date_start,
  e.name,
  e.sector,
  e.section,
  (select group_concat(name, '; ') from (
     select distinct c.name from event_countries ec join countries c on c.code = ec.country
     where ec.event_id = e.id and c.code != 'RU')) as partner_countries,
  (select group_concat(name, '; ') from (
     select distinct s.name from event_settlements es join settlements s on s.id = es.settlement_id
     where es.event_id = e.id and coalesce(s.country, '') != 'RU')) as partner_settlements,
  (select group_concat(name, '; ') from (
     select distinct o.name from event_organizations eo join organizations o on o.id = eo.organization_id
     where eo.event_id = e.id)) as organizations
from events e
where e.section like '%' || :municipality || '%' or e.place like '%' || :municipality || '%'
order by e.date_start, e.rowid
