document.querySelectorAll('thead th').forEach(function(th){th.addEventListener('click',function(){
var table=th.closest('table'),body=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){
var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
return asc?c:-c;});rows.forEach(function(r){body.appendChild(r);});});});
var filter=document.getElementById('lending-filter');if(filter){filter.addEventListener('change',function(){
var wanted=filter.value?filter.value.split(' '):null;
Array.prototype.forEach.call(document.getElementById('apps').tBodies[0].rows,function(r){
r.hidden=!!wanted&&wanted.indexOf(r.dataset.lending)<0;});});}
