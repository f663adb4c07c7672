<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>mfaf</name>
        <message>
            <location filename="../algorithms/provider.py" line="48" />
            <source>MFAF prospectivity</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 成矿远景</translation>
        </message>
        <message>
            <location filename="../algorithms/provider.py" line="51" />
            <source>MFAF mineral prospectivity (multiscale feature attention)</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 矿产远景预测（多尺度特征注意力）</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="31" />
            <source>1 Data preparation</source>
            <extracomment>group</extracomment>
            <translation>1 数据准备</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="32" />
            <source>2 Model</source>
            <extracomment>group</extracomment>
            <translation>2 模型</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="33" />
            <source>3 Evaluation</source>
            <extracomment>group</extracomment>
            <translation>3 评估</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="34" />
            <source>4 Pipelines</source>
            <extracomment>group</extracomment>
            <translation>4 流程</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="12" />
            <source>Check installation</source>
            <extracomment>display</extracomment>
            <translation>检查安装</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="32" />
            <source>Compare models (held-out evaluation)</source>
            <extracomment>display</extracomment>
            <translation>模型比较（留出集评估）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="37" />
            <source>IDW element rasters</source>
            <extracomment>display</extracomment>
            <translation>元素 IDW 插值栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="31" />
            <source>Make labelled tiles</source>
            <extracomment>display</extracomment>
            <translation>生成带标签图块</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="66" />
            <source>Predict prospectivity map</source>
            <extracomment>display</extracomment>
            <translation>预测成矿远景图</translation>
        </message>
        <message>
            <location filename="../algorithms/provider.py" line="15" />
            <source>Full pipeline: screening to prospectivity map</source>
            <extracomment>display</extracomment>
            <translation>完整流程：从元素筛选到成矿远景图</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="115" />
            <source>Screen elements by AUC (ZAUC)</source>
            <extracomment>display</extracomment>
            <translation>按 AUC（ZAUC）筛选元素</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="29" />
            <source>Build evidence stack</source>
            <extracomment>display</extracomment>
            <translation>构建证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="30" />
            <source>Train model</source>
            <extracomment>display</extracomment>
            <translation>训练模型</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="29" />
            <source>Fail when something is missing</source>
            <extracomment>label</extracomment>
            <translation>缺少组件时报错</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="33" />
            <source>Missing packages</source>
            <extracomment>label</extracomment>
            <translation>缺少的软件包</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="34" />
            <source>torch version</source>
            <extracomment>label</extracomment>
            <translation>torch 版本</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="35" />
            <source>Device torch will use</source>
            <extracomment>label</extracomment>
            <translation>torch 将使用的设备</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="36" />
            <source>torch self-test</source>
            <extracomment>label</extracomment>
            <translation>torch 自检</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="73" />
            <location filename="../algorithms/train_model.py" line="74" />
            <source>Tile dataset</source>
            <extracomment>label</extracomment>
            <translation>图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="76" />
            <source>Methods (Table 3)</source>
            <extracomment>label</extracomment>
            <translation>方法（表 3）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="81" />
            <source>Ablations (Tables 4-6)</source>
            <extracomment>label</extracomment>
            <translation>消融实验（表 4–6）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="87" />
            <source>Ablation base model</source>
            <extracomment>label</extracomment>
            <translation>消融实验基准模型</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="93" />
            <source>Self-distillation weight beta</source>
            <extracomment>label</extracomment>
            <translation>自蒸馏权重 beta</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="98" />
            <source>Distillation temperature</source>
            <extracomment>label</extracomment>
            <translation>蒸馏温度</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="103" />
            <source>Dilation rates of the MFAF models</source>
            <extracomment>label</extracomment>
            <translation>MFAF 模型的膨胀率</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="109" />
            <source>Seeds</source>
            <extracomment>label</extracomment>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="113" />
            <source>Bootstrap resamples</source>
            <extracomment>label</extracomment>
            <translation>自助法重采样次数</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="118" />
            <source>Probability threshold</source>
            <extracomment>label</extracomment>
            <translation>概率阈值</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="125" />
            <location filename="../algorithms/predict_prospectivity.py" line="128" />
            <location filename="../algorithms/train_model.py" line="100" />
            <source>Device</source>
            <extracomment>label</extracomment>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="129" />
            <source>Output folder (tables)</source>
            <extracomment>label</extracomment>
            <translation>输出文件夹（表格）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="133" />
            <location filename="../algorithms/predict_prospectivity.py" line="151" />
            <source>Report</source>
            <extracomment>label</extracomment>
            <translation>报告</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="133" />
            <location filename="../algorithms/predict_prospectivity.py" line="151" />
            <source>HTML files (*.html)</source>
            <extracomment>label</extracomment>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="136" />
            <source>Split method of the dataset</source>
            <extracomment>label</extracomment>
            <translation>数据集的划分方法</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="70" />
            <location filename="../algorithms/screen_elements.py" line="144" />
            <source>Sample points</source>
            <extracomment>label</extracomment>
            <translation>采样点</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="73" />
            <location filename="../algorithms/screen_elements.py" line="147" />
            <source>Element fields</source>
            <extracomment>label</extracomment>
            <translation>元素字段</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="77" />
            <source>Element names (comma-separated)</source>
            <extracomment>label</extracomment>
            <translation>元素名称（逗号分隔）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="81" />
            <source>Extent</source>
            <extracomment>label</extracomment>
            <translation>范围</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="84" />
            <source>Pixel size</source>
            <extracomment>label</extracomment>
            <translation>像元大小</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="95" />
            <source>Power</source>
            <extracomment>label</extracomment>
            <translation>幂次</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="99" />
            <source>Search radius (0 = unlimited)</source>
            <extracomment>label</extracomment>
            <translation>搜索半径（0 = 不限）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="104" />
            <source>Maximum points (0 = all)</source>
            <extracomment>label</extracomment>
            <translation>最多点数（0 = 全部）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="108" />
            <source>log10 transform values</source>
            <extracomment>label</extracomment>
            <translation>对数值取 log10</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="111" />
            <source>Output CRS</source>
            <extracomment>label</extracomment>
            <translation>输出坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="115" />
            <source>Values &lt;= 0 before log10 become</source>
            <extracomment>label</extracomment>
            <translation>取 log10 前 &lt;= 0 的值替换为</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="121" />
            <source>Element rasters</source>
            <extracomment>label</extracomment>
            <translation>元素栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="84" />
            <location filename="../algorithms/predict_prospectivity.py" line="104" />
            <location filename="../algorithms/stack_layers.py" line="145" />
            <source>Evidence stack</source>
            <extracomment>label</extracomment>
            <translation>证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="86" />
            <location filename="../algorithms/make_tiles.py" line="145" />
            <location filename="../algorithms/predict_prospectivity.py" line="123" />
            <location filename="../algorithms/predict_prospectivity.py" line="222" />
            <location filename="../algorithms/screen_elements.py" line="152" />
            <source>Known deposits</source>
            <extracomment>label</extracomment>
            <translation>已知矿床</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="88" />
            <source>Tile size (pixels)</source>
            <extracomment>label</extracomment>
            <translation>图块大小（像素）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="91" />
            <location filename="../algorithms/predict_prospectivity.py" line="112" />
            <source>Stride (pixels, 0 = tile size)</source>
            <extracomment>label</extracomment>
            <translation>步长（像素，0 = 图块大小）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="94" />
            <source>Train / test split</source>
            <extracomment>label</extracomment>
            <translation>训练 / 测试划分</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="95" />
            <source>Spatial blocks with a buffer (honest)</source>
            <extracomment>label</extracomment>
            <translation>带缓冲区的空间分块（严格）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="96" />
            <source>Stratified random (as the paper)</source>
            <extracomment>label</extracomment>
            <translation>分层随机（同论文）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="98" />
            <source>Test fraction</source>
            <extracomment>label</extracomment>
            <translation>测试集比例</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="101" />
            <source>Block size (windows)</source>
            <extracomment>label</extracomment>
            <translation>分块大小（窗口数）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="105" />
            <source>Minimum valid fraction</source>
            <extracomment>label</extracomment>
            <translation>最小有效比例</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="109" />
            <source>SMOTE oversampling of ore tiles</source>
            <extracomment>label</extracomment>
            <translation>对含矿图块进行 SMOTE 过采样</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="111" />
            <source>SMOTE target ratio (ore / no ore)</source>
            <extracomment>label</extracomment>
            <translation>SMOTE 目标比例（含矿 / 不含矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="115" />
            <source>Gaussian noise variance (0 = off)</source>
            <extracomment>label</extracomment>
            <translation>高斯噪声方差（0 = 关闭）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="118" />
            <source>Noisy copies per training tile</source>
            <extracomment>label</extracomment>
            <translation>每个训练图块的加噪副本数</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="121" />
            <location filename="../algorithms/screen_elements.py" line="179" />
            <location filename="../algorithms/train_model.py" line="105" />
            <source>Random seed</source>
            <extracomment>label</extracomment>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="124" />
            <source>Tile data set</source>
            <extracomment>label</extracomment>
            <translation>图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="124" />
            <source>Tile data set (*.npz)</source>
            <extracomment>label</extracomment>
            <translation>图块数据集 (*.npz)</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="126" />
            <source>Tile cells</source>
            <extracomment>label</extracomment>
            <translation>图块单元</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="108" />
            <location filename="../algorithms/train_model.py" line="114" />
            <source>Model file</source>
            <extracomment>label</extracomment>
            <translation>模型文件</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="118" />
            <source>Target probability threshold</source>
            <extracomment>label</extracomment>
            <translation>靶区概率阈值</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="132" />
            <source>Minimum share of valid cells per window</source>
            <extracomment>label</extracomment>
            <translation>每个窗口有效像元的最小比例</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="138" />
            <source>Windows per batch</source>
            <extracomment>label</extracomment>
            <translation>每批窗口数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="143" />
            <source>Ore probability</source>
            <extracomment>label</extracomment>
            <translation>成矿概率</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="146" />
            <source>Numbered cells</source>
            <extracomment>label</extracomment>
            <translation>编号单元</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="156" />
            <source>Tile dataset for the held-out evaluation</source>
            <extracomment>label</extracomment>
            <translation>用于留出集评估的图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="161" />
            <source>Map (PNG)</source>
            <extracomment>label</extracomment>
            <translation>地图（PNG）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="161" />
            <source>PNG images (*.png)</source>
            <extracomment>label</extracomment>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="166" />
            <source>Number of target cells</source>
            <extracomment>label</extracomment>
            <translation>靶区单元数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="167" />
            <source>Share of known deposits in target cells</source>
            <extracomment>label</extracomment>
            <translation>落入靶区单元的已知矿床比例</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="169" />
            <source>Held-out accuracy</source>
            <extracomment>label</extracomment>
            <translation>留出测试准确率</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="170" />
            <source>Held-out ROC AUC</source>
            <extracomment>label</extracomment>
            <translation>留出测试 ROC AUC</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="171" />
            <source>Held-out recall (ore)</source>
            <extracomment>label</extracomment>
            <translation>留出测试召回率（矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="172" />
            <source>Held-out F1 (ore)</source>
            <extracomment>label</extracomment>
            <translation>留出测试 F1（矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="47" />
            <source>Below-detection values ('&lt;L') become</source>
            <extracomment>label</extracomment>
            <translation>低于检出限的值（'&lt;L'）替换为</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="53" />
            <source>Negative values are</source>
            <extracomment>label</extracomment>
            <translation>负值处理方式</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="155" />
            <source>Positive samples</source>
            <extracomment>label</extracomment>
            <translation>正样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="156" />
            <source>Within the radius of a deposit</source>
            <extracomment>label</extracomment>
            <translation>位于矿床半径范围内</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="157" />
            <source>The K samples nearest each deposit</source>
            <extracomment>label</extracomment>
            <translation>距每个矿床最近的 K 个样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="161" />
            <source>Radius around deposits</source>
            <extracomment>label</extracomment>
            <translation>矿床周围半径</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="165" />
            <source>K nearest samples per deposit</source>
            <extracomment>label</extracomment>
            <translation>每个矿床最近的 K 个样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="169" />
            <source>Negative samples</source>
            <extracomment>label</extracomment>
            <translation>负样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="170" />
            <source>All other samples</source>
            <extracomment>label</extracomment>
            <translation>所有其余样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="171" />
            <source>A balanced random draw of the other samples</source>
            <extracomment>label</extracomment>
            <translation>从其余样品中均衡随机抽取</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="175" />
            <source>Critical ZAUC</source>
            <extracomment>label</extracomment>
            <translation>临界 ZAUC</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="185" />
            <source>Element screening table</source>
            <extracomment>label</extracomment>
            <translation>元素筛选表</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="188" />
            <source>Selected elements</source>
            <extracomment>label</extracomment>
            <translation>选中的元素</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="84" />
            <source>Element rasters (multi-band)</source>
            <extracomment>label</extracomment>
            <translation>元素栅格（多波段）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="87" />
            <source>Extent of the reference grid</source>
            <extracomment>label</extracomment>
            <translation>参考网格范围</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="89" />
            <source>Pixel size (map units)</source>
            <extracomment>label</extracomment>
            <translation>像元大小（地图单位）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="93" />
            <source>Target CRS</source>
            <extracomment>label</extracomment>
            <translation>目标坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="96" />
            <source>Geology polygons</source>
            <extracomment>label</extracomment>
            <translation>地质面</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="99" />
            <source>Geology class field</source>
            <extracomment>label</extracomment>
            <translation>地质类别字段</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="102" />
            <source>Geology encoding</source>
            <extracomment>label</extracomment>
            <translation>地质编码方式</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="103" />
            <source>One coded band (classes in sorted order)</source>
            <extracomment>label</extracomment>
            <translation>单个编码波段（类别按排序编号）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="104" />
            <source>One band per class (one-hot)</source>
            <extracomment>label</extracomment>
            <translation>每个类别一个波段（独热编码）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="107" />
            <source>Add distance to geological contacts</source>
            <extracomment>label</extracomment>
            <translation>添加到地质界线的距离</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="111" />
            <source>Fault lines</source>
            <extracomment>label</extracomment>
            <translation>断层线</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="114" />
            <source>Fault evidence</source>
            <extracomment>label</extracomment>
            <translation>断层证据</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="115" />
            <source>Distance to the nearest fault</source>
            <extracomment>label</extracomment>
            <translation>到最近断层的距离</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="115" />
            <source>Rasterised lines</source>
            <extracomment>label</extracomment>
            <translation>栅格化线</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="116" />
            <source>Fault density within a radius</source>
            <extracomment>label</extracomment>
            <translation>半径内断层密度</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="118" />
            <source>Fault density radius (m)</source>
            <extracomment>label</extracomment>
            <translation>断层密度半径（米）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="121" />
            <source>Extra rasters</source>
            <extracomment>label</extracomment>
            <translation>附加栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="124" />
            <source>Extra rasters are</source>
            <extracomment>label</extracomment>
            <translation>附加栅格类型</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="125" />
            <source>Detect: integer data types are categorical</source>
            <extracomment>label</extracomment>
            <translation>自动识别：整数数据类型视为类别型</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="126" />
            <source>All continuous (bilinear)</source>
            <extracomment>label</extracomment>
            <translation>全部为连续型（双线性）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="127" />
            <source>All categorical (nearest neighbour)</source>
            <extracomment>label</extracomment>
            <translation>全部为类别型（最邻近）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="130" />
            <source>Normalisation</source>
            <extracomment>label</extracomment>
            <translation>归一化</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="131" />
            <source>Min-max (0 to 1)</source>
            <extracomment>label</extracomment>
            <translation>最小-最大（0 到 1）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="131" />
            <source>Z-score</source>
            <extracomment>label</extracomment>
            <translation>Z 分数</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="131" />
            <source>None</source>
            <extracomment>label</extracomment>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="134" />
            <source>Normalise like (stack or model file)</source>
            <extracomment>label</extracomment>
            <translation>按此归一化（图层栈或模型文件）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="135" />
            <source>Stack or model (*.tif *.tiff *.pt)</source>
            <extracomment>label</extracomment>
            <translation>图层栈或模型 (*.tif *.tiff *.pt)</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="139" />
            <source>Study area mask</source>
            <extracomment>label</extracomment>
            <translation>研究区掩膜</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="142" />
            <source>Memory limit (MiB)</source>
            <extracomment>label</extracomment>
            <translation>内存上限（MiB）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="77" />
            <source>Network</source>
            <extracomment>label</extracomment>
            <translation>网络</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="83" />
            <source>Dilation rates (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>膨胀率（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="87" />
            <source>Self-distillation weight beta (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>自蒸馏权重 beta（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="91" />
            <source>Channel attention (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>通道注意力（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="95" />
            <source>Spatial attention (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>空间注意力（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="110" />
            <source>Resume from the checkpoint</source>
            <extracomment>label</extracomment>
            <translation>从检查点继续</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="114" />
            <source>Model (*.pt)</source>
            <extracomment>label</extracomment>
            <translation>模型 (*.pt)</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="118" />
            <source>Per-epoch metrics</source>
            <extracomment>label</extracomment>
            <translation>每轮指标</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="119" />
            <source>CSV (*.csv)</source>
            <extracomment>label</extracomment>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="23" />
            <source>Epochs</source>
            <extracomment>label</extracomment>
            <translation>训练轮数</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="110" />
            <source>Not enough memory for this step: use a coarser grid, a smaller extent or fewer bands.</source>
            <extracomment>message</extracomment>
            <translation>内存不足，无法完成此步骤：请使用更粗的网格、更小的范围或更少的波段。</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="115" />
            <source>{} failed: {}: {}</source>
            <extracomment>message</extracomment>
            <translation>{} 失败：{}：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="46" />
            <source>torch {} will run on {}</source>
            <extracomment>message</extracomment>
            <translation>torch {} 将在 {} 上运行</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="51" />
            <source>Missing Python packages: {}. {}</source>
            <extracomment>message</extracomment>
            <translation>缺少 Python 软件包：{}。{}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="56" />
            <source>All Python dependencies are importable.</source>
            <extracomment>message</extracomment>
            <translation>所有 Python 依赖均可导入。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="91" />
            <source>Training epochs of every network (paper: 220). The last epoch is scored.</source>
            <extracomment>message</extracomment>
            <translation>每个网络的训练轮数（论文：220）。以最后一轮的结果评分。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="142" />
            <source>Choose at least one method or one ablation.</source>
            <extracomment>message</extracomment>
            <translation>请至少选择一种方法或一项消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="150" />
            <location filename="../algorithms/train_model.py" line="132" />
            <source>Tile dataset '{}' not found: run 'Make tiles' first.</source>
            <extracomment>message</extracomment>
            <translation>未找到图块数据集“{}”：请先运行“生成带标签图块”。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="172" />
            <source>Wrote {}</source>
            <extracomment>message</extracomment>
            <translation>已写入 {}</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="133" />
            <source>Set both width and height (or neither, and a pixel size).</source>
            <extracomment>message</extracomment>
            <translation>请同时设置宽度和高度（或都不设置，并设置像元大小）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="135" />
            <source>Set a pixel size, or a width and a height in pixels.</source>
            <extracomment>message</extracomment>
            <translation>请设置像元大小，或以像素为单位的宽度和高度。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="143" />
            <source>Both a field list and element names were given: using the field list.</source>
            <extracomment>message</extracomment>
            <translation>同时给出了字段列表和元素名称：将使用字段列表。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="153" />
            <source>The output CRS of '{}'</source>
            <extracomment>message</extracomment>
            <translation>“{}”的输出坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="174" />
            <source>Grid {} x {} pixels of {:g} x {:g}, {} element(s), about {:.0f} MiB</source>
            <extracomment>message</extracomment>
            <translation>网格 {} x {} 像素，像元 {:g} x {:g}，{} 个元素，约 {:.0f} MiB</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="29" />
            <source>{} has no valid coordinate reference system; set one (Layer Properties &gt; Source).</source>
            <extracomment>message</extracomment>
            <translation>{} 没有有效的坐标参考系；请设置一个（图层属性 &gt; 源）。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="32" />
            <source>{} is in {} whose units are not metres: distances and cell sizes need a projected CRS. Reproject the layer (Vector &gt; Data Management &gt; Reproject Layer) or choose a projected output CRS.</source>
            <extracomment>message</extracomment>
            <translation>{} 使用的 {} 单位不是米：距离和像元大小需要投影坐标系。请重投影该图层（矢量 &gt; 数据管理工具 &gt; 重投影图层），或选择投影坐标系作为输出坐标系。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="58" />
            <source>Layer '{}' has no field '{}'.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有字段“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="78" />
            <source>{}: {} features without geometry were skipped.</source>
            <extracomment>message</extracomment>
            <translation>{}：已跳过 {} 个无几何的要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="113" />
            <source>Could not copy layer '{}': {}</source>
            <extracomment>message</extracomment>
            <translation>无法复制图层“{}”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="129" />
            <source>Training ore tiles</source>
            <extracomment>message</extracomment>
            <translation>训练集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="129" />
            <source>Training no-ore tiles</source>
            <extracomment>message</extracomment>
            <translation>训练集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="129" />
            <source>Test ore tiles</source>
            <extracomment>message</extracomment>
            <translation>测试集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="129" />
            <source>Test no-ore tiles</source>
            <extracomment>message</extracomment>
            <translation>测试集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="130" />
            <source>Training ore tiles after augmentation</source>
            <extracomment>message</extracomment>
            <translation>扩增后的训练集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="130" />
            <source>Training no-ore tiles after augmentation</source>
            <extracomment>message</extracomment>
            <translation>扩增后的训练集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="139" />
            <location filename="../algorithms/predict_prospectivity.py" line="192" />
            <source>The evidence stack could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开证据图层栈。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="141" />
            <source>The evidence stack</source>
            <extracomment>message</extracomment>
            <translation>证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="144" />
            <source>The deposit layer could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开矿床图层。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="180" />
            <source>Before augmentation: train {} ore / {} no ore, test {} ore / {} no ore.</source>
            <extracomment>message</extracomment>
            <translation>扩增前：训练集 {} 个含矿 / {} 个不含矿，测试集 {} 个含矿 / {} 个不含矿。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="182" />
            <source>After augmentation: train {} ore / {} no ore, test {} ore / {} no ore.</source>
            <extracomment>message</extracomment>
            <translation>扩增后：训练集 {} 个含矿 / {} 个不含矿，测试集 {} 个含矿 / {} 个不含矿。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="194" />
            <source>The evidence stack '{}' must be a raster file (GeoTIFF from mfaf:stacklayers).</source>
            <extracomment>message</extracomment>
            <translation>证据图层栈“{}”必须是栅格文件（由 mfaf:stacklayers 生成的 GeoTIFF）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="199" />
            <source>No model file was given and the bundled model {} is not installed with this copy of the plugin. Train a model with mfaf:trainmodel and choose its .pt file as 'Model file'.</source>
            <extracomment>message</extracomment>
            <translation>未指定模型文件，且本插件副本未安装内置模型 {}。请用 mfaf:trainmodel 训练模型，并将其 .pt 文件选为“模型文件”。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="202" />
            <source>The model file '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>模型文件“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="210" />
            <source>The ore probability output must be a GeoTIFF (.tif) file.</source>
            <extracomment>message</extracomment>
            <translation>成矿概率输出必须是 GeoTIFF（.tif）文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="215" />
            <source>The tile dataset '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>图块数据集“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="226" />
            <source>Predicting with model {}</source>
            <extracomment>message</extracomment>
            <translation>正在使用模型 {} 进行预测</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="230" />
            <source>{} windows predicted on {} in {:.1f} s; {} of {} cells are targets.</source>
            <extracomment>message</extracomment>
            <translation>在 {1} 上预测了 {0} 个窗口，用时 {2:.1f} 秒；{4} 个单元中有 {3} 个为靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="250" />
            <source>{} of {} known deposits inside the stack lie in target cells ({:.1%}).</source>
            <extracomment>message</extracomment>
            <translation>图层栈范围内 {1} 个已知矿床中有 {0} 个位于靶区单元内（{2:.1%}）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="253" />
            <source>{} known deposits lie outside the evidence stack and were not counted.</source>
            <extracomment>message</extracomment>
            <translation>{} 个已知矿床位于证据图层栈范围之外，未计入统计。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="265" />
            <source>Held-out test tiles ({}): accuracy {:.3f}, AUC {}, recall {:.3f}, F1 {:.3f}</source>
            <extracomment>message</extracomment>
            <translation>留出测试图块（{}）：准确率 {:.3f}，AUC {}，召回率 {:.3f}，F1 {:.3f}</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="275" />
            <source>Band influence could not be computed: {}</source>
            <extracomment>message</extracomment>
            <translation>无法计算波段影响：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="280" />
            <source>Success-rate AUC of the map: {:.3f}</source>
            <extracomment>message</extracomment>
            <translation>预测图的成功率曲线 AUC：{:.3f}</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="117" />
            <source>The output '{}' names the folder '{}'; give a file name.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”指向的是文件夹“{}”；请给出文件名。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="121" />
            <source>The output '{}' is the input '{}' ({}): writing it would destroy that input. Choose another file name for the output.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”就是输入“{}”（{}）：写入它会毁掉该输入。请为输出另选文件名。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="126" />
            <source>The outputs '{}' and '{}' name the same file {}: give each its own file.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”和“{}”指向同一个文件 {}：请为每个输出指定各自的文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="142" />
            <source>Removed {} temporary files left by an interrupted run.</source>
            <extracomment>message</extracomment>
            <translation>已删除上次中断运行遗留的 {} 个临时文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="211" />
            <source>'{}' must be one of {} (or its number, 0 to {}); got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>“{}”必须是 {} 之一（或其编号 0 到 {}）；收到的是“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="76" />
            <source>The layer '{}' could not be read.</source>
            <extracomment>message</extracomment>
            <translation>无法读取图层“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="78" />
            <source>The layer '{}' has no features.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="88" />
            <source>The layer '{}' has no numeric field (nor text field holding numbers) to use as an element: choose the element fields.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有可用作元素的数值字段（也没有存放数值的文本字段）：请选择元素字段。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="92" />
            <source>Fields not used as elements: {}</source>
            <extracomment>message</extracomment>
            <translation>未用作元素的字段：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="95" />
            <source>The layer '{}' has no point geometries.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有点几何。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="101" />
            <source>Cleaning of '{}' (rules: {}):</source>
            <extracomment>message</extracomment>
            <translation>“{}”的数据清洗（规则：{}）：</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="106" />
            <source>Field '{}' of '{}' holds {} values of magnitude 1e15 or more, far beyond any concentration: probably a nodata code. Blank them (or declare the code) and run again.</source>
            <extracomment>message</extracomment>
            <translation>图层“{1}”的字段“{0}”含有 {2} 个量级达到 1e15 或以上的值，远超任何含量：可能是无数据代码。请将其置空（或声明该代码）后重新运行。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="198" />
            <source>The sample layer '{}'</source>
            <extracomment>message</extracomment>
            <translation>样品图层“{}”</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="201" />
            <source>The deposit layer '{}' has no features.</source>
            <extracomment>message</extracomment>
            <translation>矿床图层“{}”没有要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="213" />
            <source>Samples '{}', deposits '{}': {}</source>
            <extracomment>message</extracomment>
            <translation>样品“{}”，矿床“{}”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="215" />
            <source>{} positive and {} negative samples of {}</source>
            <extracomment>message</extracomment>
            <translation>{2} 个样品中有 {0} 个正样本和 {1} 个负样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="222" />
            <source>Element '{}' has no valid value among the positives or the negatives: not scored.</source>
            <extracomment>message</extracomment>
            <translation>元素“{}”在正样本或负样本中没有有效值：未评分。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="224" />
            <source>Element screening (critical ZAUC {}):</source>
            <extracomment>message</extracomment>
            <translation>元素筛选（临界 ZAUC {}）：</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="247" />
            <source>No element exceeds the critical ZAUC {}.</source>
            <extracomment>message</extracomment>
            <translation>没有元素超过临界 ZAUC {}。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="156" />
            <source>Nothing to stack: give element rasters, a geology layer, a fault layer or extra rasters.</source>
            <extracomment>message</extracomment>
            <translation>没有可叠加的内容：请提供元素栅格、地质图层、断层图层或附加栅格。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="160" />
            <location filename="../algorithms/stack_layers.py" line="202" />
            <source>Without element rasters the reference grid needs an extent and a pixel size (EXTENT, PIXEL_SIZE).</source>
            <extracomment>message</extracomment>
            <translation>没有元素栅格时，参考网格需要范围和像元大小（EXTENT、PIXEL_SIZE）。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="189" />
            <source>The target CRS</source>
            <extracomment>message</extracomment>
            <translation>目标坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="196" />
            <source>Give a pixel size for the reference grid (no element rasters).</source>
            <extracomment>message</extracomment>
            <translation>请为参考网格指定像元大小（没有元素栅格）。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="213" />
            <source>geology</source>
            <extracomment>message</extracomment>
            <translation>地质</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="216" />
            <source>faults</source>
            <extracomment>message</extracomment>
            <translation>断层</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="223" />
            <source>mask</source>
            <extracomment>message</extracomment>
            <translation>掩膜</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="227" />
            <source>Bands: {}</source>
            <extracomment>message</extracomment>
            <translation>波段：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="236" />
            <source>The normalisation reference '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>归一化参照“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="99" />
            <source>Passes over the training tiles (paper: 220).</source>
            <extracomment>message</extracomment>
            <translation>遍历训练图块的轮数（论文：220）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="27" />
            <source>Batch size</source>
            <extracomment>message</extracomment>
            <translation>批大小</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="28" />
            <source>Tiles per training batch (paper: 32). Lower it when memory runs out.</source>
            <extracomment>message</extracomment>
            <translation>每个训练批次的图块数（论文：32）。内存不足时请调低。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="29" />
            <source>Initial learning rate</source>
            <extracomment>message</extracomment>
            <translation>初始学习率</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="29" />
            <source>SGD learning rate at the start (paper: 0.02).</source>
            <extracomment>message</extracomment>
            <translation>开始时的 SGD 学习率（论文：0.02）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="30" />
            <source>Momentum</source>
            <extracomment>message</extracomment>
            <translation>动量</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="30" />
            <source>SGD momentum (paper: 0.2).</source>
            <extracomment>message</extracomment>
            <translation>SGD 动量（论文：0.2）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="31" />
            <source>Weight decay</source>
            <extracomment>message</extracomment>
            <translation>权重衰减</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="31" />
            <source>SGD L2 weight decay (paper: 0.0001).</source>
            <extracomment>message</extracomment>
            <translation>SGD 的 L2 权重衰减（论文：0.0001）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="32" />
            <source>Learning-rate step (epochs)</source>
            <extracomment>message</extracomment>
            <translation>学习率下降间隔（轮）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="33" />
            <source>Epochs between learning-rate reductions (paper: 30).</source>
            <extracomment>message</extracomment>
            <translation>两次学习率下降之间的轮数（论文：30）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="34" />
            <source>Learning-rate factor</source>
            <extracomment>message</extracomment>
            <translation>学习率因子</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="35" />
            <source>The learning rate is multiplied by this every step (paper: 0.6).</source>
            <extracomment>message</extracomment>
            <translation>每次下降时学习率乘以此值（论文：0.6）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="64" />
            <source>Dilation rates must be whole numbers separated by commas, e.g. 1,6,12,18,24; got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>膨胀率必须是以逗号分隔的整数，例如 1,6,12,18,24；实际得到“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="67" />
            <source>Give at least one dilation rate, e.g. 1,6,12,18,24.</source>
            <extracomment>message</extracomment>
            <translation>请至少给出一个膨胀率，例如 1,6,12,18,24。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="70" />
            <source>Dilation rates must be whole numbers from {} to {}, at most {} of them, e.g. 1,6,12,18,24; got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>膨胀率必须是 {} 到 {} 之间的整数，最多 {} 个，例如 1,6,12,18,24；收到的是“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="14" />
            <source>Reports whether QGIS can import the Python packages the plugin needs (torch, torchvision, scikit-learn, imbalanced-learn, scipy, matplotlib), their versions, and whether a CUDA GPU is available to torch. With 'Fail when something is missing' set, the algorithm fails and says how to install what is missing.</source>
            <extracomment>help</extracomment>
            <translation>报告 QGIS 能否导入插件所需的 Python 软件包（torch、torchvision、scikit-learn、imbalanced-learn、scipy、matplotlib）及其版本，以及 torch 能否使用 CUDA GPU。勾选“缺少组件时报错”后，若有缺失，算法将报错并说明如何安装缺少的软件包。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="31" />
            <source>Stop with an error, rather than only reporting, when a package is missing.</source>
            <extracomment>help</extracomment>
            <translation>缺少软件包时以错误终止，而不仅是报告。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="35" />
            <source>Trains MFAF, its backbones, three other networks and two classical baselines (random forest and logistic regression on per-tile band statistics) on the training tiles of a tile dataset made by 'Make tiles', with the same split, seeds and settings for every method, and scores them on the untouched held-out tiles only (split 1, real windows; augmented tiles are never scored; the last epoch is used, nothing is tuned on the test tiles). Writes tables of the kind of the paper's Tables 3-6 (accuracy, AUC, recall, F1 in %, with bootstrap 95 % intervals over held-out tiles and the spread over seeds), deposit-level figures (share of held-out deposits in the top 10 % and 20 % of held-out tiles ranked by ore probability, success-rate AUC), paired MFAF-minus-baseline differences with intervals, the held-out predictions, and an HTML report with ROC and success-rate curves. Intervals that overlap allow no conclusion. The split method of the dataset (spatial blocks or random) is printed in every table: a random split is optimistic.</source>
            <extracomment>help</extracomment>
            <translation>在“生成带标签图块”所生成的图块数据集的训练图块上，训练 MFAF、其主干网络、另外三种网络以及两种经典基线方法（基于每个图块波段统计量的随机森林和逻辑回归），所有方法使用相同的划分、随机种子和设置，并且只在未参与训练的留出图块上评分（划分 1，真实窗口；扩增图块从不参与评分；使用最后一轮的结果，不在测试图块上调任何参数）。输出与论文表 3–6 类似的表格（准确率、AUC、召回率、F1，以 % 表示，附留出图块上的自助法 95% 置信区间和不同随机种子间的离散程度）、矿床级指标（按成矿概率排序的留出图块中前 10% 和前 20% 所含留出矿床的比例、成功率 AUC）、MFAF 与各基线的配对差值及其区间、留出集预测结果，以及含 ROC 曲线和成功率曲线的 HTML 报告。区间相互重叠时无法得出结论。每张表都注明了数据集的划分方法（空间分块或随机）：随机划分的结果偏乐观。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="74" />
            <source>The .npz tile dataset written by 'Make tiles' (split 0 train, 1 test).</source>
            <extracomment>help</extracomment>
            <translation>由“生成带标签图块”写出的 .npz 图块数据集（划分 0 为训练集，1 为测试集）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="78" />
            <source>mfaf_* are the paper's ResNet18* and ShuffleNetV2*; random_forest and logistic_regression use per-tile band statistics (mean, std, min, max, 90th percentile).</source>
            <extracomment>help</extracomment>
            <translation>mfaf_* 即论文中的 ResNet18* 和 ShuffleNetV2*；random_forest 和 logistic_regression 使用每个图块的波段统计量（均值、标准差、最小值、最大值、第 90 百分位数）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="83" />
            <source>no_channel_attention / no_spatial_attention (Table 4), beta_sweep over 0, 0.1, 0.4, 0.6, 0.7, 0.8 (Table 5), dilation_sweep over the paper's four rate sets {1,2,4,8,10}, {1,4,8,12,16}, {1,6,12,18,24}, {1,8,16,24,32} (Table 6). Each adds trained models.</source>
            <extracomment>help</extracomment>
            <translation>no_channel_attention / no_spatial_attention（表 4），beta_sweep 取 0、0.1、0.4、0.6、0.7、0.8（表 5），dilation_sweep 取论文的四组膨胀率 {1,2,4,8,10}、{1,4,8,12,16}、{1,6,12,18,24}、{1,8,16,24,32}（表 6）。每一项都会增加需训练的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="89" />
            <source>The MFAF model the ablations modify.</source>
            <extracomment>help</extracomment>
            <translation>消融实验在其基础上修改的 MFAF 模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="95" />
            <source>Weight of the self-distillation term of the MFAF models (paper's best: 0.4); the beta sweep overrides it.</source>
            <extracomment>help</extracomment>
            <translation>MFAF 模型自蒸馏项的权重（论文最佳值：0.4）；beta 扫描实验会覆盖此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="100" />
            <source>Softmax temperature of the self-distillation term.</source>
            <extracomment>help</extracomment>
            <translation>自蒸馏项的 softmax 温度。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="105" />
            <source>Comma-separated dilation rates of the parallel branches (paper's best: 1,6,12,18,24); the dilation sweep overrides them.</source>
            <extracomment>help</extracomment>
            <translation>各并行分支的膨胀率，以逗号分隔（论文最佳值：1,6,12,18,24）；膨胀率扫描实验会覆盖这些值。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="110" />
            <source>Comma-separated training seeds; every figure is the mean over seeds, with its standard deviation. Each seed trains every model again.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的训练随机种子；每个数值都是各种子结果的平均值，并附标准差。每个种子都会重新训练所有模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="115" />
            <source>Resamples of the held-out tiles for the 95 % intervals (seeded with the first seed).</source>
            <extracomment>help</extracomment>
            <translation>为计算 95% 置信区间对留出图块进行重采样的次数（使用第一个随机种子）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="121" />
            <source>Tiles with ore probability at or above it count as predicted ore (paper: 0.5). Fixed in advance: never tune it on the test tiles.</source>
            <extracomment>help</extracomment>
            <translation>成矿概率不低于此值的图块视为预测含矿（论文：0.5）。须事先确定：切勿在测试图块上调整。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="126" />
            <location filename="../algorithms/predict_prospectivity.py" line="129" />
            <source>auto: a CUDA GPU when torch sees one, else the CPU.</source>
            <extracomment>help</extracomment>
            <translation>auto：torch 检测到 CUDA GPU 时使用 GPU，否则使用 CPU。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="130" />
            <source>Receives table3_methods.csv, table4_attention.csv, table5_beta.csv, table6_dilation.csv (those requested), comparisons.csv and predictions_test.csv.</source>
            <extracomment>help</extracomment>
            <translation>存放 table3_methods.csv、table4_attention.csv、table5_beta.csv、table6_dilation.csv（所选的那些）、comparisons.csv 和 predictions_test.csv。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="134" />
            <source>HTML report: protocol, tables, ROC and success-rate curves on the held-out tiles.</source>
            <extracomment>help</extracomment>
            <translation>HTML 报告：实验方案、表格、留出图块上的 ROC 曲线和成功率曲线。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="71" />
            <source>Geochemical sample points with one field per element.</source>
            <extracomment>help</extracomment>
            <translation>地球化学采样点，每个元素一个字段。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="75" />
            <source>Fields to interpolate, one band each. Leave empty to use 'Element names' instead.</source>
            <extracomment>help</extracomment>
            <translation>要插值的字段，每个字段一个波段。留空则改用“元素名称”。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="78" />
            <source>Field names separated by commas, e.g. the SELECTED_FIELDS output of 'Screen elements by AUC' in a model. Used when the field list is empty.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的字段名，例如模型中“按 AUC（ZAUC）筛选元素”的 SELECTED_FIELDS 输出。字段列表为空时使用。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="82" />
            <source>Area of the output grid. Default: the extent of the sample points.</source>
            <extracomment>help</extracomment>
            <translation>输出网格的范围。默认：采样点的范围。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="86" />
            <source>Side of the square pixels in map units of the output CRS. Ignored when width and height are set.</source>
            <extracomment>help</extracomment>
            <translation>正方形像元的边长，以输出坐标系的地图单位计。设置了宽度和高度时忽略此项。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="92" />
            <source>Number of pixels across (width) or down (height) the extent; when both are &gt; 0 they win over the pixel size (the paper used 1560 x 1560).</source>
            <extracomment>help</extracomment>
            <translation>范围内横向（宽度）或纵向（高度）的像素数；两者都 &gt; 0 时优先于像元大小（论文使用 1560 x 1560）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="97" />
            <source>Exponent of the inverse distance weights (2 in the paper).</source>
            <extracomment>help</extracomment>
            <translation>反距离权重的指数（论文中为 2）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="101" />
            <source>Only points within this distance of a pixel centre are used; pixels with none are nodata. 0: no limit.</source>
            <extracomment>help</extracomment>
            <translation>只使用距像元中心此距离以内的点；范围内没有点的像元为 nodata。0：不限。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="106" />
            <source>Use only this many nearest points per pixel (e.g. 12); 0 uses all points in reach.</source>
            <extracomment>help</extracomment>
            <translation>每个像元只使用这么多个最近的点（例如 12）；0 表示使用范围内的全部点。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="109" />
            <source>Interpolate log10 of the cleaned concentrations (values &lt;= 0 handled by the zero rule).</source>
            <extracomment>help</extracomment>
            <translation>对清洗后含量的 log10 值进行插值（&lt;= 0 的值按零值规则处理）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="112" />
            <source>CRS of the output grid (projected). Default: the CRS of the sample layer.</source>
            <extracomment>help</extracomment>
            <translation>输出网格的坐标系（投影坐标系）。默认：样品图层的坐标系。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="117" />
            <source>Only with the log10 transform: a value &lt;= 0 becomes half the smallest positive value of the element (default), or missing.</source>
            <extracomment>help</extracomment>
            <translation>仅在取 log10 时有效：&lt;= 0 的值替换为该元素最小正值的一半（默认），或视为缺失。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="122" />
            <source>Multi-band float32 GeoTIFF, one band per element.</source>
            <extracomment>help</extracomment>
            <translation>多波段 float32 GeoTIFF，每个元素一个波段。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="34" />
            <source>Stage 4: cuts the evidence stack into square windows of TILE_SIZE pixels, stepping by STRIDE pixels from the top-left pixel (stride = tile size: adjacent windows, no overlap). A window is 'ore' when a known deposit lies inside it, else 'no ore'. Windows are numbered row-major from 1 (cell_id); with STRIDE = tile size these are the prediction's cell numbers (the prediction numbers the non-overlapping grid, so with a smaller stride the same number means another window).

Raster edge: a window that would extend past the right or bottom edge is not used, so a margin narrower than one window there stays out of the data set (deposits in it are reported). A deposit exactly on the east or south edge belongs to the last column or row.
Nodata: windows in which less than MIN_VALID_FRACTION of the cells hold data in every band are dropped; in the kept windows nodata cells are filled with 0.

Split: 'spatial blocks' (default) groups windows into blocks of BLOCK_SIZE x BLOCK_SIZE windows and draws whole blocks for testing (seeded, stratified by whether a block holds ore); training windows that overlap or touch a test window (share an edge or a corner) are excluded, so no test window is next to a training one. 'Stratified random' draws single windows (as the paper); with overlapping windows its test score is optimistic.
Augmentation, on the training split only: SMOTE (synthetic ore tiles between neighbouring ore tiles, k = min(5, ore tiles - 1)), then NOISE_COPIES copies of every training tile with Gaussian noise of mean 0 and variance NOISE_VARIANCE (0 = off). The test split is never augmented. Counts before and after are logged and returned.

Outputs: the tile data set (.npz) for training, and a polygon layer of all windows with their label, deposit count, split (train, test, excluded, dropped) and valid fraction.</source>
            <extracomment>help</extracomment>
            <translation>第 4 步：将证据图层栈切分为 TILE_SIZE 像素见方的窗口，从左上角像素开始按 STRIDE 像素步进（步长 = 图块大小：窗口相邻、无重叠）。窗口内有已知矿床时标为“含矿”，否则为“不含矿”。窗口按行优先从 1 开始编号（cell_id）；当 STRIDE = 图块大小时，这些编号就是预测结果中的单元编号（预测对不重叠的网格编号，因此步长更小时相同编号对应的是另一个窗口）。

栅格边缘：超出右边缘或下边缘的窗口不会使用，因此那里不足一个窗口宽的边带不进入数据集（其中的矿床会在日志中报告）。恰好位于东边缘或南边缘上的矿床归入最后一列或最后一行。
Nodata：所有波段均有数据的像元比例低于 MIN_VALID_FRACTION 的窗口被舍弃；保留窗口中的 nodata 像元填充为 0。

划分：“空间分块”（默认）将窗口按 BLOCK_SIZE x BLOCK_SIZE 个窗口组成分块，整块抽取作为测试集（使用随机种子，按分块是否含矿分层）；与测试窗口重叠或相接（共边或共角）的训练窗口被排除，因此没有测试窗口与训练窗口相邻。“分层随机”逐个抽取窗口（同论文）；窗口相互重叠时其测试得分偏乐观。
数据扩增，仅用于训练集：先进行 SMOTE（在相邻含矿图块之间合成含矿图块，k = min(5, 含矿图块数 - 1)），再为每个训练图块生成 NOISE_COPIES 个叠加均值为 0、方差为 NOISE_VARIANCE 的高斯噪声的副本（0 = 关闭）。测试集从不扩增。扩增前后的数量会记录在日志中并作为输出返回。

输出：用于训练的图块数据集（.npz），以及包含所有窗口的面图层，带有标签、矿床数、划分（train、test、excluded、dropped）和有效比例。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="69" />
            <source>Applies a trained model to every window of an evidence stack and writes a GeoTIFF of ore probability on the stack's grid, plus a polygon layer of numbered cells (the tile windows, numbered row by row from 1 from the top-left, as mfaf:maketiles numbers them) with the probability, the branches' votes and class, the agreement of the branches, a rank, the known deposits inside and whether the cell is a target (probability at or above the threshold).

The stack must have the bands, band order and normalisation the model was trained on; a difference is refused with a message naming it. Windows that would run past the right or bottom edge of the stack are not used, so a margin narrower than one window there gets no prediction. With a stride smaller than the tile size the windows overlap and each pixel gets the mean probability of the windows covering it.

With known deposits the algorithm reports the share of them inside target cells; with a report file it also writes an HTML report: the map, the success-rate curve and its AUC, the target cells, the model's metadata and each evidence layer's influence.</source>
            <extracomment>help</extracomment>
            <translation>将训练好的模型应用于证据图层栈的每个窗口，在图层栈的网格上输出成矿概率 GeoTIFF，并输出编号单元面图层（即图块窗口，与 mfaf:maketiles 的编号方式相同：从左上角开始逐行从 1 编号），包含概率、各分支的投票与类别、分支一致度、排名、单元内的已知矿床数以及该单元是否为靶区（概率不低于阈值）。

图层栈的波段、波段顺序和归一化方式必须与训练模型时相同；若有差异，算法将拒绝运行并指出差异所在。超出图层栈右边缘或下边缘的窗口不会使用，因此那里不足一个窗口宽的边带没有预测值。当步长小于图块大小时窗口相互重叠，每个像元取覆盖它的各窗口概率的平均值。

提供已知矿床时，算法报告落入靶区单元的已知矿床比例；指定报告文件时还会生成 HTML 报告：预测图、成功率曲线及其 AUC、靶区单元、模型元数据以及各证据图层的影响。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="105" />
            <source>The multi-band evidence stack written by mfaf:stacklayers, with the same bands and normalisation as the stack the model was trained on.</source>
            <extracomment>help</extracomment>
            <translation>由 mfaf:stacklayers 生成的多波段证据图层栈，其波段和归一化方式须与训练模型所用的图层栈相同。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="109" />
            <source>A model written by mfaf:trainmodel (.pt). Empty: the model bundled with the plugin (resources/model/mfaf_murchison.pt), trained on the Murchison example.</source>
            <extracomment>help</extracomment>
            <translation>由 mfaf:trainmodel 生成的模型（.pt）。留空则使用插件内置的模型（resources/model/mfaf_murchison.pt），该模型基于 Murchison 示例训练。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="114" />
            <source>Step between windows in pixels. 0 uses the model's tile size (no overlap); a smaller stride makes overlapping windows whose probabilities are averaged per pixel (smoother map, slower). Cells are always the tile-size windows.</source>
            <extracomment>help</extracomment>
            <translation>相邻窗口之间的步长（像素）。0 表示使用模型的图块大小（无重叠）；步长更小时窗口相互重叠，各像元取重叠窗口概率的平均值（预测图更平滑，但更慢）。单元始终为图块大小的窗口。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="121" />
            <source>Cells whose ore probability (mean over the branches) is at or above this value are targets.</source>
            <extracomment>help</extracomment>
            <translation>成矿概率（各分支的平均值）不低于此值的单元为靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="125" />
            <source>Optional known deposit points (any CRS): counted per cell and used for the share of deposits inside target cells and the success-rate curve of the report.</source>
            <extracomment>help</extracomment>
            <translation>可选的已知矿床点（任意坐标系）：按单元计数，并用于计算落入靶区单元的矿床比例和报告中的成功率曲线。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="135" />
            <source>Windows with a smaller share of cells holding data in every band get no prediction.</source>
            <extracomment>help</extracomment>
            <translation>所有波段均有数据的像元比例低于此值的窗口不进行预测。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="140" />
            <source>Windows sent through the network at once; lower it if the GPU runs out of memory.</source>
            <extracomment>help</extracomment>
            <translation>一次送入网络的窗口数；若 GPU 显存不足，请调低此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="144" />
            <source>Float32 GeoTIFF of ore probability (0-1) on the stack's grid; nodata outside the data.</source>
            <extracomment>help</extracomment>
            <translation>图层栈网格上的成矿概率（0–1）Float32 GeoTIFF；无数据区域为 nodata。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="148" />
            <source>One polygon per tile-size window with cell_id, probability, votes, class, agreement, rank, deposits and target.</source>
            <extracomment>help</extracomment>
            <translation>每个图块大小的窗口一个面要素，含 cell_id、概率、投票、类别、一致度、排名、矿床数和是否靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="153" />
            <source>Optional self-contained HTML report: map, success-rate curve, target cells, model metadata, influence of each evidence layer.</source>
            <extracomment>help</extracomment>
            <translation>可选的独立 HTML 报告：预测图、成功率曲线、靶区单元、模型元数据及各证据图层的影响。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="158" />
            <source>Optional .npz from mfaf:maketiles built from this stack: the report then shows the ROC curve and accuracy, AUC, recall and F1 on its untouched test tiles.</source>
            <extracomment>help</extracomment>
            <translation>可选：由 mfaf:maketiles 基于此图层栈生成的 .npz 文件；报告中将显示其未参与训练的测试图块上的 ROC 曲线以及准确率、AUC、召回率和 F1。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="163" />
            <source>Optional PNG map: probability colours, numbered target cells, known deposits, colour bar and scale bar.</source>
            <extracomment>help</extracomment>
            <translation>可选的 PNG 地图：概率着色、编号的靶区单元、已知矿床、色标和比例尺。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="49" />
            <source>How a below-detection value '&lt;L' (and a negative below-detection code) is replaced: half the detection limit L/2 (default), L, 0, or dropped as missing.</source>
            <extracomment>help</extracomment>
            <translation>低于检出限的值“&lt;L”（以及用负数表示的低于检出限代码）的替换方式：检出限的一半 L/2（默认）、L、0，或作为缺失值舍弃。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="55" />
            <source>Some surveys (e.g. the USGS National Geochemical Survey) store '&lt; L' as the negative number -L. Read negative values as below detection |v| (default) or as missing.</source>
            <extracomment>help</extracomment>
            <translation>有些调查（例如 USGS 国家地球化学调查）把“&lt; L”存为负数 -L。将负值读作低于检出限 |v|（默认），或视为缺失值。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="145" />
            <source>Geochemical sample points with one field per element (projected CRS).</source>
            <extracomment>help</extracomment>
            <translation>地球化学采样点，每个元素一个字段（投影坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="149" />
            <source>Fields to screen. Empty: every numeric field, and every text field whose values are numbers or '&lt;L' strings, except identifiers and coordinates (fid, id, x, y, lon, lat, ...).</source>
            <extracomment>help</extracomment>
            <translation>要筛选的字段。留空：所有数值字段，以及值为数字或“&lt;L”字符串的所有文本字段，标识符和坐标字段（fid、id、x、y、lon、lat 等）除外。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="153" />
            <source>Known deposit or occurrence points (any CRS; transformed to the samples' CRS).</source>
            <extracomment>help</extracomment>
            <translation>已知矿床或矿点（任意坐标系；将转换到样品的坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="158" />
            <source>How samples are labelled positive: every sample within the radius of a deposit, or the K nearest samples of each deposit.</source>
            <extracomment>help</extracomment>
            <translation>样品标为正样本的方式：矿床半径范围内的所有样品，或每个矿床最近的 K 个样品。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="163" />
            <source>A sample within this distance (map units of the samples' CRS) of a deposit is positive.</source>
            <extracomment>help</extracomment>
            <translation>距矿床在此距离以内（以样品坐标系的地图单位计）的样品为正样本。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="167" />
            <source>With the nearest-samples rule: how many samples nearest each deposit are positive.</source>
            <extracomment>help</extracomment>
            <translation>采用最近样品规则时：每个矿床最近的多少个样品为正样本。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="172" />
            <source>Negatives are all non-positive samples, or as many of them as there are positives, drawn at random with the seed.</source>
            <extracomment>help</extracomment>
            <translation>负样本为全部非正样本，或按随机种子从中随机抽取与正样本数量相同的样品。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="177" />
            <source>Elements with ZAUC above this are selected (2.58: significance 0.01; 1.96: 0.05).</source>
            <extracomment>help</extracomment>
            <translation>ZAUC 高于此值的元素被选中（2.58：显著性水平 0.01；1.96：0.05）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="181" />
            <source>Seed of the balanced random draw of negatives (same seed, same draw).</source>
            <extracomment>help</extracomment>
            <translation>负样本均衡随机抽取的随机种子（种子相同，抽取结果相同）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="186" />
            <source>One row per element: AUC, ZAUC, sample counts, direction, selected, cleaning counts.</source>
            <extracomment>help</extracomment>
            <translation>每个元素一行：AUC、ZAUC、样品数、方向、是否选中、清洗计数。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="32" />
            <source>Stage 3: puts element rasters (e.g. the multi-band output of 'Interpolate element rasters'; band descriptions become band names), a geology polygon layer, a fault line layer and extra rasters on one grid and writes one multi-band float32 GeoTIFF with named bands, nodata -9999 and the normalisation recorded in the file (prediction scales new data exactly the same way).

Reference grid: the element raster's grid, unless an extent and a pixel size are given (then the grid starts at the extent's top-left corner and covers it). Without element rasters the extent and pixel size are required. Layers in other CRSs are transformed; the target CRS must be projected (metres).

Geology: without a class field the band is 1 inside the polygons and 0 outside. With a field, either one coded band (code 1, 2, ... for the classes in sorted order, 0 outside every polygon; the classes are recorded in the metadata) or one 0/1 band per class. Optionally a band of the distance to the nearest polygon boundary (contact).
Faults: distance to the nearest fault in metres (only faults inside the grid count), rasterised lines (1 on cells a fault touches), or fault density (km of fault per km2 within the radius).
Extra rasters are resampled with bilinear interpolation (continuous) or nearest neighbour (categorical; by default integer rasters are categorical).

Nodata: a cell is nodata in every band where any layer lacks data or outside the mask polygons.
Normalisation (normalised = (raw - a) / b): min-max or z-score over the valid cells for continuous bands; categorical bands are divided by their largest code (0/1 bands stay 0/1).</source>
            <extracomment>help</extracomment>
            <translation>第 3 步：将元素栅格（例如“元素 IDW 插值栅格”的多波段输出；波段描述即波段名）、地质面图层、断层线图层和附加栅格统一到同一网格上，写出一个多波段 float32 GeoTIFF，波段带名称，nodata 为 -9999，并在文件中记录归一化方式（预测时以完全相同的方式缩放新数据）。

参考网格：元素栅格的网格；若给出了范围和像元大小，则网格从该范围的左上角开始并覆盖整个范围。没有元素栅格时必须给出范围和像元大小。其他坐标系的图层会被转换；目标坐标系必须是投影坐标系（米）。

地质：没有类别字段时，面内波段值为 1，面外为 0。有类别字段时，可生成一个编码波段（各类别按排序依次编码为 1、2、……，所有面以外为 0；类别记录在元数据中），或为每个类别生成一个 0/1 波段。可选地添加一个到最近面边界（地质界线）距离的波段。
断层：到最近断层的距离，单位为米（只计网格内的断层）；栅格化线（断层经过的像元为 1）；或断层密度（半径范围内每平方千米的断层长度，单位 km）。
附加栅格采用双线性插值（连续型）或最邻近法（类别型；默认整数栅格视为类别型）重采样。

Nodata：任一图层缺少数据的像元，或位于掩膜面之外的像元，在所有波段中均为 nodata。
归一化（归一化值 = (原始值 - a) / b）：连续型波段在有效像元上进行最小-最大或 Z 分数归一化；类别型波段除以其最大编码（0/1 波段保持 0/1）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="33" />
            <source>Trains a network on the training tiles (split 0) of a tile dataset made by 'Make tiles' and evaluates it after every epoch on the untouched test tiles (split 1): loss, accuracy, ROC AUC, recall and F1 of the ore class, written to a per-epoch CSV. MFAF (ResNet18 or ShuffleNetV2 backbone) runs parallel dilated 3x3 convolutions with channel attention, a shared backbone with spatial attention after its last stage and one shared classifier; each branch votes. Its loss is the cross-entropy summed over branches plus beta times a self-distillation term. The plain networks are the paper's baselines. Defaults follow the paper (SGD, lr 0.02 x 0.6 every 30 epochs, momentum 0.2, weight decay 1e-4, batch 32, 220 epochs). The model file keeps the band names, normalisation, tile size and settings so that 'Predict prospectivity' uses it correctly. After every epoch a checkpoint '&lt;model&gt;.ckpt' is written; if you cancel, run again with the same settings and 'Resume' checked to continue. The same seed on the CPU gives the same model.</source>
            <extracomment>help</extracomment>
            <translation>在“生成带标签图块”所生成的图块数据集的训练图块（划分 0）上训练网络，并在每轮结束后用未参与训练的测试图块（划分 1）评估：损失、准确率、ROC AUC、含矿类的召回率和 F1，写入每轮一行的 CSV。MFAF（ResNet18 或 ShuffleNetV2 主干）包含带通道注意力的并行 3x3 膨胀卷积、在最后一个阶段后接空间注意力的共享主干网络和一个共享分类器；每个分支各自投票。其损失为各分支交叉熵之和，加上 beta 乘以自蒸馏项。普通网络是论文中的基线。默认值与论文一致（SGD，学习率 0.02，每 30 轮乘以 0.6，动量 0.2，权重衰减 1e-4，批大小 32，220 轮）。模型文件保存波段名、归一化方式、图块大小和各项设置，以便“预测成矿远景图”正确使用。每轮结束后写出检查点“&lt;模型&gt;.ckpt”；如果取消了运行，使用相同设置并勾选“从检查点继续”再次运行即可继续。在 CPU 上使用相同的随机种子得到相同的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="75" />
            <source>The .npz tile dataset written by 'Make tiles' (split 0 train, split 1 test).</source>
            <extracomment>help</extracomment>
            <translation>由“生成带标签图块”写出的 .npz 图块数据集（划分 0 为训练集，划分 1 为测试集）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="80" />
            <source>mfaf_resnet18 / mfaf_shufflenetv2: MFAF with that backbone (the paper's ResNet18* and ShuffleNetV2*). The others are the plain torchvision networks the paper compares with.</source>
            <extracomment>help</extracomment>
            <translation>mfaf_resnet18 / mfaf_shufflenetv2：采用相应主干网络的 MFAF（即论文中的 ResNet18* 和 ShuffleNetV2*）。其余为论文用于比较的普通 torchvision 网络。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="84" />
            <source>Comma-separated dilation rates, one MFAF branch each (paper's best: 1,6,12,18,24). Ignored by the plain networks.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的膨胀率，每个对应一个 MFAF 分支（论文最佳值：1,6,12,18,24）。普通网络忽略此项。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="89" />
            <source>Weight of the self-distillation term of the loss (paper's best 0.4; 0 switches it off).</source>
            <extracomment>help</extracomment>
            <translation>损失函数中自蒸馏项的权重（论文最佳值 0.4；0 表示关闭）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="92" />
            <source>Channel attention after each dilated branch; uncheck for the paper's ablation.</source>
            <extracomment>help</extracomment>
            <translation>在每个膨胀卷积分支后使用通道注意力；取消勾选以复现论文的消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="96" />
            <source>Spatial attention after the backbone's last stage; uncheck for the paper's ablation.</source>
            <extracomment>help</extracomment>
            <translation>在主干网络最后一个阶段后使用空间注意力；取消勾选以复现论文的消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="102" />
            <source>auto: a CUDA GPU when torch sees one, else the CPU. cuda fails when there is no GPU.</source>
            <extracomment>help</extracomment>
            <translation>auto：torch 检测到 CUDA GPU 时使用 GPU，否则使用 CPU。选择 cuda 而没有 GPU 时将报错。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="106" />
            <source>Seed of the weight initialisation, shuffling and dropout; the same seed on the CPU gives the same model.</source>
            <extracomment>help</extracomment>
            <translation>权重初始化、数据打乱和 dropout 的随机种子；在 CPU 上使用相同的种子得到相同的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="111" />
            <source>Continue a canceled or interrupted run from '&lt;model file&gt;.ckpt' (same dataset and settings); without a checkpoint training starts from the beginning.</source>
            <extracomment>help</extracomment>
            <translation>从“&lt;模型文件&gt;.ckpt”继续已取消或中断的训练（须使用相同的数据集和设置）；没有检查点时从头开始训练。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="115" />
            <source>The trained network with its metadata (bands, normalisation, tile size, settings, metrics), the input of 'Predict prospectivity'.</source>
            <extracomment>help</extracomment>
            <translation>训练好的网络及其元数据（波段、归一化方式、图块大小、设置、指标），作为“预测成矿远景图”的输入。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="120" />
            <source>CSV with one row per epoch: learning rate, training loss, test loss, accuracy, AUC, recall, F1, precision, seconds.</source>
            <extracomment>help</extracomment>
            <translation>每轮一行的 CSV：学习率、训练损失、测试损失、准确率、AUC、召回率、F1、精确率、用时（秒）。</translation>
        </message>
    </context>
</TS>
