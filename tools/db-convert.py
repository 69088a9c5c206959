#!/usr/bin/env python3
# For merging code written against SQLite's own API into the store after
# the move to the driver (include/db.h): rewrites the sqlite3_* calls,
# types and result codes in the store files given to their db_*
# equivalents, in place, and lists whatever it could not map (the few
# hand-made parts: opening, pragmas, sqlite3_exec). Review the diff, then
# clang-format. Delete this once no branch needs it.
#   usage: tools/db-convert.py engine/store-FOO.c ...
import re
import sys


def convert(p):
    s=open(p).read()
    # bind_text with -1 and STATIC/TRANSIENT: match balanced args
    def repl_bind_text(s):
        out=[];i=0
        key='sqlite3_bind_text('
        while True:
            j=s.find(key,i)
            if j<0: out.append(s[i:]);break
            out.append(s[i:j])
            k=j+len(key);depth=1;args=[];cur=''
            while depth:
                c=s[k]
                if c=='(':depth+=1
                elif c==')':
                    depth-=1
                    if depth==0: break
                if c==',' and depth==1: args.append(cur);cur=''
                else: cur+=c
                k+=1
            args.append(cur)
            args=[a.strip() for a in args]
            assert len(args)==5 and args[3]=='-1' and args[4] in('SQLITE_STATIC','SQLITE_TRANSIENT'),(p,args)
            out.append('db_bind_text(%s, %s, %s)'%(args[0],args[1],args[2]))
            i=k+1
        return ''.join(out)
    s=repl_bind_text(s)
    subs=[
     (r'sqlite3_stmt\b','struct db_stmt'),
     (r'\(sqlite3_step\(([^()]*)\) & 0xff\)',r'(db_step(\1))'),
     (r'sqlite3_step\(([^()]*)\) & 0xff',r'db_step(\1)'),
     (r'sqlite3_step\b','db_step'),
     (r'sqlite3_finalize\b','db_finalize'),
     (r'sqlite3_reset\b','db_reset'),
     (r'sqlite3_bind_int64\b','db_bind_int64'),
     (r'sqlite3_bind_int\b','db_bind_int'),
     (r'sqlite3_bind_double\b','db_bind_double'),
     (r'sqlite3_bind_null\b','db_bind_null'),
     (r'\(const char \*\)\s*sqlite3_column_text\b','db_column_text'),
     (r'sqlite3_column_text\b','db_column_text'),
     (r'sqlite3_column_int64\b','db_column_int64'),
     (r'sqlite3_column_int\b','db_column_int'),
     (r'sqlite3_column_double\b','db_column_double'),
     (r'sqlite3_column_type\(([^()]*)\) == SQLITE_NULL',r'db_column_is_null(\1)'),
     (r'sqlite3_column_type\(([^()]*)\) != SQLITE_NULL',r'!db_column_is_null(\1)'),
     (r'sqlite3_last_insert_rowid\b','db_last_insert_id'),
     (r'sqlite3_errmsg\b','db_errmsg'),
     (r'\(sqlite3_int64\)','(long long)'),
     (r'\((\w+) & 0xff\)',r'\1'),
     (r'\bSQLITE_ROW\b','DB_ROW'),
     (r'\bSQLITE_DONE\b','DB_DONE'),
     (r'\bSQLITE_CONSTRAINT\b','DB_CONSTRAINT'),
    ]
    for a,b in subs: s=re.sub(a,b,s)
    open(p,'w').write(s)
    left=re.findall(r'sqlite3?_\w+|SQLITE_\w+',s,re.I)
    print(p,'left:',sorted(set(left)))



for path in sys.argv[1:]:
    convert(path)
