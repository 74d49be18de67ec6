// Fixture stub of cordova.js (issue 18). Runtime code: excluded from app-call scanning.
(function(){var e={};window.cordova={version:"12.0.1",define:function(n,f){e[n]=f},require:function(n){var m={exports:{}};e[n](window.cordova.require,m.exports,m);return m.exports},exec:function(ok,fail,service,action,args){window.prompt(JSON.stringify(args),"gap:"+JSON.stringify([service,action]))}};})();
