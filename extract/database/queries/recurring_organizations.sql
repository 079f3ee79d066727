-- title: Organizations that recur across reports
-- description: Bodies named in more than one event, those named in the most reports first, with the forms they were written in.
select
  o.id,
  o.name,
  o.country,
  count(distinct e.report_sha256) as reports,
  count(distinct e.id) as events,
  o.forms
from organizations o
join event_organizations eo on eo.organization_id = o.id
join events e on e.id = eo.event_id
group by o.id
having count(distinct e.id) > 1
order by reports desc, events desc, o.name
