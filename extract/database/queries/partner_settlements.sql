-- title: Partner settlements abroad, on a map
-- description: Settlements outside Russia that events name, with the number of events and their GeoNames coordinates (the map shows them; its tiles need the internet, the data does not).
select s.id, s.name, s.country, s.region, s.events, s.lat, s.lon
from settlements s
where s.country != 'RU' and s.lat is not null
order by s.events desc, s.name
