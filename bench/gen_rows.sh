#!/usr/bin/env bash
# Writes the benchmark CSV: ROWS rows (default 1,000,000) of 10 columns with
# Chinese text, integers, decimals, dates, date-times and booleans.
# Deterministic (fixed seed), so every run measures the same file.
set -euo pipefail
rows=${1:-1000000}
awk -v rows="$rows" 'BEGIN {
  srand(20170204);
  split("襄城区,樊城区,襄州区,南漳县,谷城县,保康县,老河口市,枣阳市,宜城市,高新区", district, ",");
  split("制造业,批发和零售业,建筑业,住宿和餐饮业,信息技术,交通运输,金融业,房地产业", category, ",");
  split("科技 创新 物流 医疗 教育 环保 能源 农业 文化 旅游", word, " ");
  print "id,name,district,category,amount,quantity,day,ts,active,note";
  for (i = 1; i <= rows; i++) {
    printf "%d,襄阳%s%s有限公司%d,%s,%s,%.2f,%d,2024-%02d-%02d,2024-%02d-%02dT%02d:%02d:00,%s,%s%s服务与%s\n",
      i, word[int(rand()*10)+1], word[int(rand()*10)+1], i, district[int(rand()*10)+1],
      category[int(rand()*8)+1], rand()*10000, int(rand()*1000), int(rand()*12)+1,
      int(rand()*28)+1, int(rand()*12)+1, int(rand()*28)+1, int(rand()*24), int(rand()*60),
      (rand() < 0.5 ? "true" : "false"), word[int(rand()*10)+1], word[int(rand()*10)+1],
      word[int(rand()*10)+1];
  }
}'
