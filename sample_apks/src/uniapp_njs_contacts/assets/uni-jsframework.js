//{"version":"3.8.7"}
/* Fixture stub of the uni-app vue2 framework (issue 18). It is runtime code, not the app's: the scanner must
   EXCLUDE this file. The next line imitates the framework wrapping a 5+ API and must not be reported. */
var __uniFramework={addPhoneContact:function(e){plus.contacts.getAddressBook(plus.contacts.ADDRESSBOOK_PHONE,function(t){t.create()})}};
