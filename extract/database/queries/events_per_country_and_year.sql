-- title: Events per partner country and year
-- description: How many events name each partner country (Russia left out: every event involves it), by the year the event began (the report's year where no date was read).
select
  c.code,
  c.name as country,
  coalesce(cast(substr(e.date_start, 1, 4) as integer), e.report_year) as year,
  count(distinct e.id) as events
from event_countries ec
join events e on e.id = ec.event_id
join countries c on c.code = ec.country
where c.code != 'RU'
group by c.code, year
order by year, events desc, c.name
